namespace Alpha.Learning.Storage;

/// <summary>
/// What <see cref="ILearningStore.PurgeAsync"/> removed.
/// </summary>
public sealed class PurgeResult
{
    /// <summary>Gets the number of patterns removed.</summary>
    public long Patterns { get; init; }

    /// <summary>Gets the number of per-cycle pattern history rows removed.</summary>
    public long PatternHistory { get; init; }

    /// <summary>Gets the number of improvements removed.</summary>
    public long Improvements { get; init; }

    /// <summary>Gets the number of configuration-change history rows removed.</summary>
    public long PathChanges { get; init; }

    /// <summary>Gets the number of metric values removed.</summary>
    public long Metrics { get; init; }

    /// <summary>Gets the number of correlations removed.</summary>
    public long Correlations { get; init; }

    /// <summary>Gets the number of verification baselines and verdicts removed.</summary>
    public long Verifications { get; init; }

    /// <summary>Gets the number of finished cycle runs removed.</summary>
    public long CycleRuns { get; init; }
}
