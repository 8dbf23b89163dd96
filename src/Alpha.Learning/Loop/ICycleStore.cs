namespace Alpha.Learning.Loop;

/// <summary>
/// Where the feedback loop keeps its cycle runs, the cycle lease and (through <see cref="IStateStore"/>) its state.
/// The loop's part of <c>ILearningStore</c>, with <see cref="IVerificationStore"/>.
/// </summary>
/// <remarks>
/// Implementations are safe to share between threads and, for a file-backed store, between processes: a lease is
/// exclusive and a cycle number is given once. A store that cannot be used throws <see cref="LearningStoreException"/>.
/// </remarks>
public interface ICycleStore : IStateStore
{
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

    /// <summary>Counts the cycle runs still kept (purging removes old ones) that ended with or are in <paramref name="status"/>, in one query.</summary>
    /// <param name="status">The status to count.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The count.</returns>
    Task<long> CountCyclesAsync(CycleRunStatus status, CancellationToken cancellationToken = default);

    /// <summary>Gets the last cycle started.</summary>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The cycle, or <see langword="null"/> when none ran.</returns>
    Task<CycleRun?> GetLastCycleAsync(CancellationToken cancellationToken = default);

    /// <summary>Gets one cycle.</summary>
    /// <param name="cycleNumber">The cycle number.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The cycle, or <see langword="null"/>.</returns>
    Task<CycleRun?> GetCycleAsync(long cycleNumber, CancellationToken cancellationToken = default);

    /// <summary>Gets the cycles recorded as running, oldest first: with the cycle lease held, those are cycles whose runner died.</summary>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The cycles.</returns>
    Task<IReadOnlyList<CycleRun>> GetRunningCyclesAsync(CancellationToken cancellationToken = default);

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

    /// <summary>Gets a lease as stored (it may have expired).</summary>
    /// <param name="name">The lease name.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The lease, or <see langword="null"/> when nobody holds it.</returns>
    Task<LearningStoreLease?> GetLeaseAsync(string name, CancellationToken cancellationToken = default);
}
