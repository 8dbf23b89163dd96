using Alpha.Learning.Analysis;

namespace Alpha.Learning.Storage;

/// <summary>
/// Where the feedback loop keeps what it learns and does: patterns, improvements, metrics, correlations, the
/// per-path change history behind cooldowns and quotas, cycle runs, the cycle lease, verification, and loop state.
/// </summary>
/// <remarks>
/// <para>
/// Implementations are safe to share between threads and, for a file-backed store, between processes: every
/// read-then-write is atomic, so a quota is never exceeded and a compare-and-set never succeeds twice. Instants are
/// stored in UTC with full precision. A store that cannot be used throws <see cref="LearningStoreException"/>.
/// </para>
/// <para>
/// Pending approvals are the improvements in <see cref="ImprovementStatus.PendingApproval"/>: list them with
/// <see cref="GetImprovementsAsync"/>, approve or reject one with a compare-and-set
/// (<see cref="UpdateImprovementStatusAsync"/> expecting <see cref="ImprovementStatus.PendingApproval"/>), so a decision is
/// taken once, and expire the old ones with <see cref="ExpirePendingApprovalsAsync"/>.
/// </para>
/// </remarks>
public interface ILearningStore
{
    /// <summary>Stores a detected pattern, or refreshes the stored one with the same fingerprint.</summary>
    /// <remarks>
    /// Occurrences, impact, description, last seen (never moved backwards), examples and metadata are refreshed; first seen
    /// is kept (or moved earlier). A history row keeps the occurrences of each cycle (one per cycle number; re-storing
    /// within a cycle replaces it).
    /// </remarks>
    /// <param name="pattern">The pattern.</param>
    /// <param name="cycleNumber">The cycle that found it, or <see langword="null"/> for an analysis outside a cycle.</param>
    /// <param name="at">When it is stored.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The stored pattern.</returns>
    Task<StoredPattern> StorePatternAsync(LogPattern pattern, long? cycleNumber, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Stores (or refreshes) many patterns in one transaction, as <see cref="StorePatternAsync"/> does for one.</summary>
    /// <param name="patterns">The patterns.</param>
    /// <param name="cycleNumber">The cycle that found them, or <see langword="null"/>.</param>
    /// <param name="at">When they are stored.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The number of patterns stored.</returns>
    Task<int> StorePatternsAsync(IEnumerable<LogPattern> patterns, long? cycleNumber, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Gets one pattern by fingerprint.</summary>
    /// <param name="fingerprint">The fingerprint.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The pattern, or <see langword="null"/>.</returns>
    Task<StoredPattern?> GetPatternAsync(string fingerprint, CancellationToken cancellationToken = default);

    /// <summary>Gets patterns, highest impact first.</summary>
    /// <param name="type">Only this type, or <see langword="null"/> for all.</param>
    /// <param name="minImpact">Only an impact score at least this, or <see langword="null"/>.</param>
    /// <param name="limit">At most this many (positive).</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The patterns.</returns>
    Task<IReadOnlyList<StoredPattern>> GetPatternsAsync(PatternType? type = null, double? minImpact = null, int limit = 100, CancellationToken cancellationToken = default);

    /// <summary>Gets the per-cycle history of a pattern, oldest first.</summary>
    /// <param name="fingerprint">The fingerprint.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The history.</returns>
    Task<IReadOnlyList<PatternOccurrence>> GetPatternHistoryAsync(string fingerprint, CancellationToken cancellationToken = default);

    /// <summary>Stores a new improvement.</summary>
    /// <param name="record">The improvement; its id must be new.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>A task that completes when it is stored.</returns>
    /// <exception cref="InvalidOperationException">An improvement with the same id exists.</exception>
    Task StoreImprovementAsync(ImprovementRecord record, CancellationToken cancellationToken = default);

    /// <summary>Stores many new improvements in one transaction; all or none.</summary>
    /// <param name="records">The improvements; their ids must be new.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The number stored.</returns>
    /// <exception cref="InvalidOperationException">An improvement with the same id exists; nothing is stored.</exception>
    Task<int> StoreImprovementsAsync(IEnumerable<ImprovementRecord> records, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores an improvement only if fewer than <paramref name="maxInWindow"/> improvements count against the quota of
    /// the window, atomically across threads and processes. An improvement counts when its status is
    /// <see cref="ImprovementStatus.Applying"/>, <see cref="ImprovementStatus.Applied"/> or
    /// <see cref="ImprovementStatus.RolledBack"/> and it was created or applied in [<paramref name="windowStart"/>, <paramref name="windowEnd"/>).
    /// </summary>
    /// <param name="record">The improvement, with status <see cref="ImprovementStatus.Applying"/> or <see cref="ImprovementStatus.Applied"/>.</param>
    /// <param name="windowStart">The start of the quota window (inclusive).</param>
    /// <param name="windowEnd">The end of the quota window (exclusive).</param>
    /// <param name="maxInWindow">The quota (zero or more).</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>Whether it was reserved, and if not, why.</returns>
    Task<ReservationOutcome> TryReserveImprovementAsync(ImprovementRecord record, DateTimeOffset windowStart, DateTimeOffset windowEnd, int maxInWindow, CancellationToken cancellationToken = default);

    /// <summary>Counts the improvements that count against the quota of a window (see <see cref="TryReserveImprovementAsync"/>); with today's window, the improvements applied today.</summary>
    /// <param name="windowStart">The start of the window (inclusive).</param>
    /// <param name="windowEnd">The end of the window (exclusive).</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The count.</returns>
    Task<long> CountAppliedInWindowAsync(DateTimeOffset windowStart, DateTimeOffset windowEnd, CancellationToken cancellationToken = default);

    /// <summary>
    /// Changes an improvement's status, compare-and-set: when <paramref name="expectedStatus"/> is given and differs from
    /// the current status, nothing changes. Becoming <see cref="ImprovementStatus.Applied"/> sets the applied instant,
    /// becoming <see cref="ImprovementStatus.RolledBack"/> the rolled-back instant.
    /// </summary>
    /// <param name="id">The improvement id.</param>
    /// <param name="newStatus">The new status.</param>
    /// <param name="expectedStatus">The status it must have now, or <see langword="null"/> for any.</param>
    /// <param name="reason">Why, or <see langword="null"/> to keep the stored reason.</param>
    /// <param name="at">The instant of the change.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns><see langword="true"/> when the status changed; <see langword="false"/> when the improvement does not exist or its status was not the expected one.</returns>
    Task<bool> UpdateImprovementStatusAsync(string id, ImprovementStatus newStatus, ImprovementStatus? expectedStatus, string? reason, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>
    /// Changes an improvement's status compare-and-set, as <see cref="UpdateImprovementStatusAsync"/>, with the other
    /// facts of the moment, and records its <see cref="ImprovementUpdate.PathChanges"/> in the same transaction.
    /// </summary>
    /// <param name="update">The update.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns><see langword="true"/> when it was updated.</returns>
    Task<bool> UpdateImprovementAsync(ImprovementUpdate update, CancellationToken cancellationToken = default);

    /// <summary>Gets one improvement.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The improvement, or <see langword="null"/>.</returns>
    Task<ImprovementRecord?> GetImprovementAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Gets improvements, newest first: by creation time, except that <see cref="ImprovementStatus.Applied"/> ones come most recently applied first.</summary>
    /// <param name="status">Only this status, or <see langword="null"/> for all.</param>
    /// <param name="actionType">Only this action type, or <see langword="null"/> for all.</param>
    /// <param name="limit">At most this many (positive).</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The improvements.</returns>
    Task<IReadOnlyList<ImprovementRecord>> GetImprovementsAsync(ImprovementStatus? status = null, ActionType? actionType = null, int limit = 100, CancellationToken cancellationToken = default);

    /// <summary>Gets the improvements made from one recommendation, newest first.</summary>
    /// <param name="recommendationId">The recommendation id.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The improvements.</returns>
    Task<IReadOnlyList<ImprovementRecord>> GetImprovementsByRecommendationAsync(string recommendationId, CancellationToken cancellationToken = default);

    /// <summary>Marks as <see cref="ImprovementStatus.Expired"/> the improvements waiting for approval since before an instant.</summary>
    /// <param name="waitingSince">Expire those whose status changed (or that were created) before this instant.</param>
    /// <param name="at">The instant of the change.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The number expired.</returns>
    Task<int> ExpirePendingApprovalsAsync(DateTimeOffset waitingSince, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Records configuration changes in the per-path history, in one transaction.</summary>
    /// <param name="changes">The changes.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The number recorded.</returns>
    Task<int> RecordPathChangesAsync(IEnumerable<PathChange> changes, CancellationToken cancellationToken = default);

    /// <summary>Gets the recorded changes of one configuration path at or after an instant, oldest first.</summary>
    /// <param name="path">The dotted configuration path.</param>
    /// <param name="since">The earliest instant (inclusive).</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The changes.</returns>
    Task<IReadOnlyList<PathChange>> GetPathChangesAsync(string path, DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>Stores a metric value.</summary>
    /// <param name="metric">The value.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>A task that completes when it is stored.</returns>
    Task StoreMetricAsync(SuccessMetric metric, CancellationToken cancellationToken = default);

    /// <summary>Stores many metric values in one transaction.</summary>
    /// <param name="metrics">The values.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The number stored.</returns>
    Task<int> StoreMetricsAsync(IEnumerable<SuccessMetric> metrics, CancellationToken cancellationToken = default);

    /// <summary>Gets metric values, oldest first.</summary>
    /// <param name="name">Only this metric, or <see langword="null"/> for all.</param>
    /// <param name="subject">Only this subject, or <see langword="null"/> for all.</param>
    /// <param name="since">Only at or after this instant, or <see langword="null"/>.</param>
    /// <param name="until">Only before this instant, or <see langword="null"/>.</param>
    /// <param name="limit">At most this many (positive).</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The values.</returns>
    Task<IReadOnlyList<SuccessMetric>> GetMetricsAsync(string? name = null, string? subject = null, DateTimeOffset? since = null, DateTimeOffset? until = null, int limit = 10_000, CancellationToken cancellationToken = default);

    /// <summary>Stores a correlation, replacing the stored one with the same type, source and target.</summary>
    /// <param name="correlation">The correlation.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>A task that completes when it is stored.</returns>
    Task StoreCorrelationAsync(Correlation correlation, CancellationToken cancellationToken = default);

    /// <summary>Stores many correlations in one transaction, as <see cref="StoreCorrelationAsync"/> does for one.</summary>
    /// <param name="correlations">The correlations.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The number stored.</returns>
    Task<int> StoreCorrelationsAsync(IEnumerable<Correlation> correlations, CancellationToken cancellationToken = default);

    /// <summary>Gets correlations, highest score first.</summary>
    /// <param name="type">Only this type, or <see langword="null"/> for all.</param>
    /// <param name="minScore">Only a score at least this, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The correlations.</returns>
    Task<IReadOnlyList<Correlation>> GetCorrelationsAsync(string? type = null, double? minScore = null, CancellationToken cancellationToken = default);

    /// <summary>Gets totals and breakdowns per table.</summary>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The statistics.</returns>
    Task<LearningStoreStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default);

    /// <summary>Starts a cycle, giving it the next cycle number atomically.</summary>
    /// <param name="at">When it starts.</param>
    /// <param name="owner">Who runs it, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The running cycle.</returns>
    Task<CycleRun> StartCycleAsync(DateTimeOffset at, string? owner = null, CancellationToken cancellationToken = default);

    /// <summary>Finishes a running cycle (once: finishing a finished cycle does nothing).</summary>
    /// <param name="cycleNumber">The cycle number.</param>
    /// <param name="status">How it ended (not <see cref="CycleRunStatus.Running"/>).</param>
    /// <param name="reason">Why it failed or was skipped, or <see langword="null"/>.</param>
    /// <param name="report">The cycle report as JSON text, or <see langword="null"/>.</param>
    /// <param name="at">When it finished.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns><see langword="true"/> when it was running and is now finished.</returns>
    Task<bool> FinishCycleAsync(long cycleNumber, CycleRunStatus status, string? reason, string? report, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Gets the number of cycles ever started (the last cycle number; purging old runs does not lower it).</summary>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The count.</returns>
    Task<long> GetCycleCountAsync(CancellationToken cancellationToken = default);

    /// <summary>Gets the last cycle started.</summary>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The cycle, or <see langword="null"/> when none ran.</returns>
    Task<CycleRun?> GetLastCycleAsync(CancellationToken cancellationToken = default);

    /// <summary>Gets one cycle.</summary>
    /// <param name="cycleNumber">The cycle number.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The cycle, or <see langword="null"/>.</returns>
    Task<CycleRun?> GetCycleAsync(long cycleNumber, CancellationToken cancellationToken = default);

    /// <summary>
    /// Acquires a named lease when it is free or expired, or renews it when <paramref name="owner"/> holds it.
    /// Exclusive across threads and processes sharing the store.
    /// </summary>
    /// <param name="name">The lease name.</param>
    /// <param name="owner">Who asks (unique per holder, for example host name and process id).</param>
    /// <param name="now">The current instant.</param>
    /// <param name="ttl">How long the lease lasts unless renewed (positive).</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns><see langword="true"/> when <paramref name="owner"/> now holds the lease.</returns>
    Task<bool> TryAcquireLeaseAsync(string name, string owner, DateTimeOffset now, TimeSpan ttl, CancellationToken cancellationToken = default);

    /// <summary>Extends a lease that <paramref name="owner"/> holds and that has not expired.</summary>
    /// <param name="name">The lease name.</param>
    /// <param name="owner">The holder.</param>
    /// <param name="now">The current instant.</param>
    /// <param name="ttl">How long from <paramref name="now"/> it lasts (positive).</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns><see langword="true"/> when renewed; <see langword="false"/> when the lease was lost.</returns>
    Task<bool> RenewLeaseAsync(string name, string owner, DateTimeOffset now, TimeSpan ttl, CancellationToken cancellationToken = default);

    /// <summary>Releases a lease that <paramref name="owner"/> holds.</summary>
    /// <param name="name">The lease name.</param>
    /// <param name="owner">The holder.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns><see langword="true"/> when released; <see langword="false"/> when <paramref name="owner"/> did not hold it.</returns>
    Task<bool> ReleaseLeaseAsync(string name, string owner, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes over a lease from a holder known to be gone (for example a process on this host that has ended), compare-and-set
    /// on the holder: it succeeds only while <paramref name="expectedOwner"/> still holds the lease, whether or not it expired.
    /// </summary>
    /// <param name="name">The lease name.</param>
    /// <param name="expectedOwner">The holder found gone.</param>
    /// <param name="owner">Who takes the lease over.</param>
    /// <param name="now">The current instant.</param>
    /// <param name="ttl">How long the lease lasts unless renewed (positive).</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns><see langword="true"/> when <paramref name="owner"/> now holds the lease.</returns>
    Task<bool> TakeOverLeaseAsync(string name, string expectedOwner, string owner, DateTimeOffset now, TimeSpan ttl, CancellationToken cancellationToken = default);

    /// <summary>Gets the cycles recorded as running, oldest first: with the cycle lease held, those are cycles whose runner died.</summary>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The cycles.</returns>
    Task<IReadOnlyList<CycleRun>> GetRunningCyclesAsync(CancellationToken cancellationToken = default);

    /// <summary>Gets a lease as stored (it may have expired).</summary>
    /// <param name="name">The lease name.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The lease, or <see langword="null"/> when nobody holds it.</returns>
    Task<LearningStoreLease?> GetLeaseAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Stores (or replaces) the baseline of an improvement's metric.</summary>
    /// <param name="baseline">The baseline.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>A task that completes when it is stored.</returns>
    Task StoreBaselineAsync(VerificationBaseline baseline, CancellationToken cancellationToken = default);

    /// <summary>Gets the baseline of an improvement's metric.</summary>
    /// <param name="improvementId">The improvement id.</param>
    /// <param name="metric">The metric.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The baseline, or <see langword="null"/>.</returns>
    Task<VerificationBaseline?> GetBaselineAsync(string improvementId, TargetMetric metric, CancellationToken cancellationToken = default);

    /// <summary>Stores a verification result and sets it as the improvement's verdict, in one transaction.</summary>
    /// <param name="result">The result.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>A task that completes when it is stored.</returns>
    Task StoreVerificationAsync(VerificationResult result, CancellationToken cancellationToken = default);

    /// <summary>Gets the verification results of an improvement, oldest first.</summary>
    /// <param name="improvementId">The improvement id.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The results.</returns>
    Task<IReadOnlyList<VerificationResult>> GetVerificationsAsync(string improvementId, CancellationToken cancellationToken = default);

    /// <summary>Gets a loop-state value (for example consecutive automatic rollbacks, or a mode override).</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The value, or <see langword="null"/> when not set.</returns>
    Task<string?> GetStateAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Sets (or, with <see langword="null"/>, removes) a loop-state value.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value, or <see langword="null"/> to remove it.</param>
    /// <param name="at">When it is set.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>A task that completes when it is set.</returns>
    Task SetStateAsync(string key, string? value, DateTimeOffset at, CancellationToken cancellationToken = default);

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
