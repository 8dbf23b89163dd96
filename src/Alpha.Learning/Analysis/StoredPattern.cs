namespace Alpha.Learning.Analysis;

/// <summary>
/// A detected pattern as the store keeps it: one row per fingerprint, refreshed each time the pattern is found again.
/// </summary>
public sealed class StoredPattern
{
    /// <summary>Gets the row id (128 random bits as 32 lowercase hexadecimal digits), assigned when the fingerprint was first stored.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the stable identity of the pattern (type + subject + key).</summary>
    public required string Fingerprint { get; init; }

    /// <summary>Gets the kind of pattern.</summary>
    public required PatternType Type { get; init; }

    /// <summary>Gets what the pattern is about: <c>task</c>, <c>tool</c>, <c>model</c> or <c>error</c>.</summary>
    public required string Subject { get; init; }

    /// <summary>Gets the plain name of what the pattern is about.</summary>
    public required string Key { get; init; }

    /// <summary>Gets the latest one-line description.</summary>
    public required string Description { get; init; }

    /// <summary>Gets the occurrences seen by the latest analysis.</summary>
    public required long Occurrences { get; init; }

    /// <summary>Gets the latest impact score, from 0 to 1.</summary>
    public required double ImpactScore { get; init; }

    /// <summary>Gets the first time the pattern was ever seen (kept across updates).</summary>
    public required DateTimeOffset FirstSeen { get; init; }

    /// <summary>Gets the last time the pattern was seen.</summary>
    public required DateTimeOffset LastSeen { get; init; }

    /// <summary>Gets the latest examples (untrusted text from the logs).</summary>
    public IReadOnlyList<string> Examples { get; init; } = [];

    /// <summary>Gets the latest figures behind the pattern, as <see cref="LogPattern.Metadata"/>.</summary>
    public IReadOnlyDictionary<string, object> Metadata { get; init; } = new Dictionary<string, object>();

    /// <summary>Gets the number of the cycle that stored the pattern last, or <see langword="null"/> when that store was outside a cycle.</summary>
    public long? LastCycle { get; init; }

    /// <summary>Gets when the row was last written.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }
}
