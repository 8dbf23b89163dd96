namespace Alpha.Learning.Analysis;

/// <summary>
/// How often a pattern was seen by one analysis (one cycle): the history kept beside <see cref="StoredPattern"/>.
/// </summary>
public sealed class PatternOccurrence
{
    /// <summary>Gets the fingerprint of the pattern.</summary>
    public required string Fingerprint { get; init; }

    /// <summary>Gets the cycle number, or <see langword="null"/> for an analysis outside a cycle.</summary>
    public long? CycleNumber { get; init; }

    /// <summary>Gets the occurrences seen by that analysis.</summary>
    public required long Occurrences { get; init; }

    /// <summary>Gets the impact score given by that analysis.</summary>
    public required double ImpactScore { get; init; }

    /// <summary>Gets when that analysis stored the pattern.</summary>
    public required DateTimeOffset RecordedAt { get; init; }
}
