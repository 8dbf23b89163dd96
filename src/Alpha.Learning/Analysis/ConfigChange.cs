namespace Alpha.Learning.Analysis;

/// <summary>
/// One typed change of one configuration value.
/// </summary>
public sealed class ConfigChange
{
    /// <summary>Gets the dotted configuration path (for example <c>tasks.timeouts.web_research</c>); it comes from the rules, never from log text.</summary>
    public required string Path { get; init; }

    /// <summary>Gets the value before the change, when known: <see langword="null"/>, <see cref="bool"/>, <see cref="long"/>, <see cref="double"/> or <see cref="string"/>.</summary>
    public object? OldValue { get; init; }

    /// <summary>Gets the value after the change: <see cref="bool"/>, <see cref="long"/>, <see cref="double"/> or <see cref="string"/>.</summary>
    public required object NewValue { get; init; }
}
