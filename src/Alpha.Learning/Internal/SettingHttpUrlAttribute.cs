using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Internal;

/// <summary>
/// An optional URL option that, when set, must be an absolute <c>http</c> or <c>https</c> URL, checked by the generated
/// options validators; the message names the setting as a configuration key and quotes the offending value.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
internal sealed class SettingHttpUrlAttribute : SettingAttribute
{
    /// <inheritdoc/>
    public override bool IsValid(object? value) => value switch
    {
        null => true,
        string text => Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps),
        _ => throw new InvalidOperationException($"{nameof(SettingHttpUrlAttribute)} applies to string options, not {value.GetType().Name}."),
    };

    /// <inheritdoc/>
    protected override string Problem(object? value) => Inv($"must be an absolute http or https URL; it is '{value}'.");
}
