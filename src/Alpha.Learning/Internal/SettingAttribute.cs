using System.ComponentModel.DataAnnotations;

namespace Alpha.Learning.Internal;

/// <summary>
/// The shared shape of the setting attributes checked by the generated options validators (<c>[OptionsValidator]</c>):
/// a value either passes or fails with one message that names the setting as a configuration key, then says what is
/// wrong and what the value is (<c>FeedbackLoop:MinConfidence must be between 0 and 1; it is 1.5.</c>).
/// </summary>
/// <remarks>
/// The key is the validation context's display name with <c>.</c> read as <c>:</c> (<see cref="SettingKey.Of"/>): the
/// generated validators name a member <c>{name}.{Member}</c>, and the wrappers pass the configuration section as the name.
/// </remarks>
internal abstract class SettingAttribute : ValidationAttribute
{
    /// <summary>What is wrong with <paramref name="value"/>, written to follow the setting's key: <c>must be positive; it is -1.</c></summary>
    /// <param name="value">A value <see cref="ValidationAttribute.IsValid(object?)"/> refused.</param>
    protected abstract string Problem(object? value);

    /// <inheritdoc/>
    protected sealed override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        ArgumentNullException.ThrowIfNull(validationContext);
        return IsValid(value)
            ? ValidationResult.Success
            : new ValidationResult($"{SettingKey.Of(validationContext)} {Problem(value)}");
    }
}
