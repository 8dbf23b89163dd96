using Alpha.Learning.Logs;

namespace Alpha.Learning.Analysis;

/// <summary>
/// A summary of an analysis: totals, counts by type and priority, and the top items.
/// </summary>
public sealed class AnalysisSummary
{
    /// <summary>Gets the earliest instant analysed, or <see langword="null"/> for no lower bound.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Gets the instant the analysis stopped at (exclusive), or <see langword="null"/> for no upper bound.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Gets when the analysis started.</summary>
    public required DateTimeOffset AnalyzedAt { get; init; }

    /// <summary>Gets the number of events given to the detectors.</summary>
    public required long EventsAnalyzed { get; init; }

    /// <summary>Gets the number of patterns.</summary>
    public required int TotalPatterns { get; init; }

    /// <summary>Gets the number of patterns of each type that occurred.</summary>
    public required IReadOnlyDictionary<PatternType, int> PatternsByType { get; init; }

    /// <summary>Gets the number of recommendations.</summary>
    public required int TotalRecommendations { get; init; }

    /// <summary>Gets the number of recommendations of each priority that occurred.</summary>
    public required IReadOnlyDictionary<Priority, int> RecommendationsByPriority { get; init; }

    /// <summary>Gets up to five patterns with the highest impact (ties by fingerprint).</summary>
    public required IReadOnlyList<LogPattern> TopPatterns { get; init; }

    /// <summary>Gets up to five recommendations, in recommendation order.</summary>
    public required IReadOnlyList<ImprovementRecommendation> TopRecommendations { get; init; }

    /// <summary>Gets what the read saw.</summary>
    public required LogReadStatistics Statistics { get; init; }
}
