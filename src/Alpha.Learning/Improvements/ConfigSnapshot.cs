namespace Alpha.Learning.Improvements;

/// <summary>
/// The configuration as read at one moment: its version, its text and its scalar values by dotted path.
/// </summary>
public sealed class ConfigSnapshot
{
    private readonly IReadOnlyDictionary<string, object?> _values;

    /// <summary>Initializes a new instance of the <see cref="ConfigSnapshot"/> class.</summary>
    /// <param name="version">The version: the lowercase hex SHA-256 of the stored bytes.</param>
    /// <param name="text">The text of the configuration.</param>
    /// <param name="values">The scalar values by dotted path: <see langword="null"/>, <see cref="bool"/>, <see cref="long"/>, <see cref="double"/> or <see cref="string"/>.</param>
    public ConfigSnapshot(string version, string text, IReadOnlyDictionary<string, object?> values)
    {
        ArgumentException.ThrowIfNullOrEmpty(version);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(values);
        Version = version;
        Text = text;
        _values = values;
    }

    /// <summary>Gets the version: the lowercase hex SHA-256 of the stored bytes.</summary>
    public string Version { get; }

    /// <summary>Gets the text of the configuration.</summary>
    public string Text { get; }

    /// <summary>Gets the dotted paths of every scalar value.</summary>
    public IEnumerable<string> Paths => _values.Keys;

    /// <summary>Gets the scalar value at a dotted path.</summary>
    /// <param name="path">The dotted path, for example <c>tasks.timeouts.web_research</c>.</param>
    /// <param name="value">The value: <see langword="null"/>, <see cref="bool"/>, <see cref="long"/>, <see cref="double"/> or <see cref="string"/>.</param>
    /// <returns><see langword="true"/> when the path names a scalar; <see langword="false"/> when it is absent or names a mapping or a sequence.</returns>
    public bool TryGetValue(string path, out object? value)
    {
        ArgumentNullException.ThrowIfNull(path);
        return _values.TryGetValue(path, out value);
    }
}
