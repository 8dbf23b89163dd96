namespace Alpha.Learning.Analysis;

/// <summary>
/// What a detector session knows about the analysis it takes part in.
/// </summary>
public sealed class AnalysisContext
{
    /// <summary>Gets the analysis options.</summary>
    public required AnalysisOptions Options { get; init; }

    /// <summary>Gets the earliest instant analysed, or <see langword="null"/> for no lower bound.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Gets the instant the analysis stops at (exclusive), or <see langword="null"/> for no upper bound.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Gets the reference instant for recency (the end of the range, or the time the analysis started).</summary>
    public required DateTimeOffset Now { get; init; }
}
