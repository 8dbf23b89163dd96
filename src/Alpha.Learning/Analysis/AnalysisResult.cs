using Alpha.Learning.Logs;

namespace Alpha.Learning.Analysis;

/// <summary>
/// The outcome of one <see cref="LogAnalyzer.AnalyzeLogsAsync(LogQuery, CancellationToken)"/> pass.
/// </summary>
public sealed class AnalysisResult
{
    /// <summary>Gets the patterns found, by type then key.</summary>
    public required IReadOnlyList<LogPattern> Patterns { get; init; }

    /// <summary>Gets the recommendations, by priority (highest first), then confidence (highest first), then id.</summary>
    public required IReadOnlyList<ImprovementRecommendation> Recommendations { get; init; }

    /// <summary>Gets what the read saw (files, bytes, events, malformed lines).</summary>
    public required LogReadStatistics Statistics { get; init; }

    /// <summary>Gets the number of events given to the detectors.</summary>
    public required long EventsAnalyzed { get; init; }

    /// <summary>Gets the number of analysed events of each kind.</summary>
    public IReadOnlyDictionary<ExecutionEventKind, long> EventsByKind { get; init; } = new Dictionary<ExecutionEventKind, long>();

    /// <summary>Gets the earliest instant analysed, or <see langword="null"/> for no lower bound.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Gets the instant the analysis stopped at (exclusive), or <see langword="null"/> for no upper bound.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Gets when the analysis started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Gets how long the analysis took.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>Gets the names of detectors that failed during the pass (their patterns are missing); empty when all worked.</summary>
    public IReadOnlyList<string> FailedDetectors { get; init; } = [];
}
