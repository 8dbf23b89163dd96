using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;
using Alpha.Learning.Loop;

namespace Alpha.Learning.Storage;

/// <summary>
/// Where the feedback loop keeps what it learns and does: each stage's data through that stage's own interface
/// (<see cref="IPatternStore"/> for patterns, <see cref="IImprovementStore"/> for improvements and the per-path change
/// history behind cooldowns and quotas, <see cref="ICycleStore"/> for cycle runs, the cycle lease and loop state,
/// <see cref="IVerificationStore"/> for metrics, correlations, baselines and verdicts), plus the store-wide statistics
/// and purge.
/// </summary>
/// <remarks>
/// <para>
/// Implementations are safe to share between threads and, for a file-backed store, between processes: every
/// read-then-write is atomic, so a quota is never exceeded and a compare-and-set never succeeds twice. Instants are
/// stored in UTC with full precision. A store that cannot be used throws <see cref="LearningStoreException"/>.
/// </para>
/// <para>
/// Each stage's code asks for its own interface (the executor for an <see cref="IImprovementStore"/>), so only the
/// store implementations and the dependency-injection code see every stage.
/// </para>
/// </remarks>
public interface ILearningStore : IPatternStore, IImprovementStore, ICycleStore, IVerificationStore
{
    /// <summary>Gets totals and breakdowns per table.</summary>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The statistics.</returns>
    Task<LearningStoreStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes what is older than an instant: patterns last seen, history and metric values recorded, correlations
    /// found, finished cycles and improvements in a final state (failed, dry run, rolled back, rejected, expired) last
    /// changed before it. Never removes an improvement that is still applied or in progress, nor its change history,
    /// baseline and verdicts.
    /// </summary>
    /// <param name="olderThan">The cut-off instant (exclusive).</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>What was removed.</returns>
    Task<PurgeResult> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken = default);
}
