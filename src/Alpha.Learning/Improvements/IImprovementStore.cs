using Alpha.Learning.Analysis;

namespace Alpha.Learning.Improvements;

/// <summary>
/// Where the executor keeps the improvements and the per-path change history behind cooldowns and quotas; with the
/// <see cref="IStateStore"/> values it keeps its rollback intents in. The improvement stage's part of <c>ILearningStore</c>.
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
public interface IImprovementStore : IStateStore
{
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

    /// <summary>Counts the improvements in each status, from one snapshot.</summary>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The number of improvements per status (statuses with none are left out).</returns>
    Task<IReadOnlyDictionary<ImprovementStatus, long>> CountImprovementsByStatusAsync(CancellationToken cancellationToken = default);

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
}
