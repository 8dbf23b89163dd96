using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Internal;

/// <summary>
/// A text option that must not be blank, checked by the generated options validators; the message names the setting as
/// a configuration key, says what to write and quotes the offending value
/// (<c>AlphaLearning:Store:DatabasePath is blank: name the SQLite file (or ':memory:'); it is ''.</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
internal sealed class SettingTextAttribute : SettingAttribute
{
    /// <summary>Initializes a new instance of the <see cref="SettingTextAttribute"/> class.</summary>
    /// <param name="hint">What to write instead, as an instruction: <c>name the SQLite file</c>.</param>
    public SettingTextAttribute(string hint)
    {
        Hint = hint;
    }

    /// <summary>Gets what to write instead, as an instruction.</summary>
    public string Hint { get; }

    /// <summary>Gets or sets a value indicating whether an unset (<see langword="null"/>) value passes: the option is optional, but when set it must not be blank.</summary>
    public bool Optional { get; set; }

    /// <inheritdoc/>
    public override bool IsValid(object? value) => value switch
    {
        null => Optional,
        string text => !string.IsNullOrWhiteSpace(text),
        _ => throw new InvalidOperationException($"{nameof(SettingTextAttribute)} applies to string options, not {value.GetType().Name}."),
    };

    /// <inheritdoc/>
    protected override string Problem(object? value) => Inv($"is blank: {Hint}; it is {(value is null ? "unset" : $"'{value}'")}.");
}
