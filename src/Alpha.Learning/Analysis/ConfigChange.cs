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
    /// <remarks>Ignored when <see cref="RemoveKey"/> is <see langword="true"/>; by convention it then repeats the value being removed.</remarks>
    public required object NewValue { get; init; }

    /// <summary>
    /// Gets whether the change removes the key at <see cref="Path"/> instead of setting it. This is how the inverse
    /// of adding a key that did not exist (whose <see cref="OldValue"/> is <see langword="null"/>) restores its absence;
    /// recommendation rules never remove keys. The default value is <see langword="false"/>.
    /// </summary>
    public bool RemoveKey { get; init; }
}
