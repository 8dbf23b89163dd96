using System.ComponentModel.DataAnnotations;

using Alpha.Learning.Internal;

namespace Alpha.Learning.Analysis.Internal;

/// <summary>
/// A configuration path template option (<c>tasks.timeouts.{task}</c>), checked by the generated options validators: it
/// must hold its placeholder as a whole segment and form a safe dotted path; the message names the setting as a
/// configuration key and the template.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
internal sealed class ConfigPathTemplateAttribute : ValidationAttribute
{
    /// <summary>Initializes a new instance of the <see cref="ConfigPathTemplateAttribute"/> class.</summary>
    /// <param name="placeholder">The placeholder the template must hold, such as <c>{task}</c>.</param>
    public ConfigPathTemplateAttribute(string placeholder)
    {
        Placeholder = placeholder;
    }

    /// <summary>Gets the placeholder the template must hold.</summary>
    public string Placeholder { get; }

    /// <inheritdoc/>
    public override bool IsValid(object? value) => ConfigPaths.TryBuild(value as string, Placeholder, "sample", out _) is not null;

    /// <inheritdoc/>
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        ArgumentNullException.ThrowIfNull(validationContext);
        return IsValid(value)
            ? ValidationResult.Success
            : new ValidationResult($"{SettingKey.Of(validationContext)} must contain {Placeholder} as a whole segment and form a path of letters, digits, '_' and '-' separated by '.' or ':'; it is '{value}'.");
    }
}
