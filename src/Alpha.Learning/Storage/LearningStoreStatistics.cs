using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;

namespace Alpha.Learning.Storage;

/// <summary>
/// Totals and breakdowns of what a store holds.
/// </summary>
public sealed class LearningStoreStatistics
{
    /// <summary>Gets the number of distinct patterns.</summary>
    public long TotalPatterns { get; init; }

    /// <summary>Gets the number of patterns per type (types with none are left out).</summary>
    public IReadOnlyDictionary<PatternType, long> PatternsByType { get; init; } = new Dictionary<PatternType, long>();

    /// <summary>Gets the average impact score of the patterns, or 0 when there are none.</summary>
    public double AverageImpactScore { get; init; }

    /// <summary>Gets the number of improvements.</summary>
    public long TotalImprovements { get; init; }

    /// <summary>Gets the number of improvements per status (statuses with none are left out).</summary>
    public IReadOnlyDictionary<ImprovementStatus, long> ImprovementsByStatus { get; init; } = new Dictionary<ImprovementStatus, long>();

    /// <summary>Gets the number of improvements per action type (types with none are left out).</summary>
    public IReadOnlyDictionary<ActionType, long> ImprovementsByActionType { get; init; } = new Dictionary<ActionType, long>();

    /// <summary>Gets the number of improvements per verification verdict (verdicts with none are left out).</summary>
    public IReadOnlyDictionary<VerificationVerdict, long> ImprovementsByVerdict { get; init; } = new Dictionary<VerificationVerdict, long>();

    /// <summary>Gets the number of metric values.</summary>
    public long TotalMetrics { get; init; }

    /// <summary>Gets the number of metric values per metric name.</summary>
    public IReadOnlyDictionary<string, long> MetricsByName { get; init; } = new Dictionary<string, long>();

    /// <summary>Gets the number of correlations.</summary>
    public long TotalCorrelations { get; init; }

    /// <summary>Gets the number of correlations per type.</summary>
    public IReadOnlyDictionary<string, long> CorrelationsByType { get; init; } = new Dictionary<string, long>();

    /// <summary>Gets the number of cycles run.</summary>
    public long CycleCount { get; init; }

    /// <summary>Gets the number of recorded configuration changes.</summary>
    public long TotalPathChanges { get; init; }
}
