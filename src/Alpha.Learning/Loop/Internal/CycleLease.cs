using Alpha.Learning.Storage;

namespace Alpha.Learning.Loop.Internal;

/// <summary>The cycle lease in the learning store, held by one owner (this process and loop instance).</summary>
internal sealed class CycleLease(ILearningStore store, string owner, TimeProvider time, TimeSpan duration)
{
    public string Owner { get; } = owner;

    public Task<bool> TryAcquireAsync(DateTimeOffset at, CancellationToken cancellationToken) =>
        store.TryAcquireLeaseAsync(LoopStateKeys.Lease, Owner, at, duration, cancellationToken);

    public Task ReleaseAsync(CancellationToken cancellationToken) =>
        store.ReleaseLeaseAsync(LoopStateKeys.Lease, Owner, cancellationToken);

    /// <summary>
    /// Renews the cycle lease before the next step or change. A cycle that lost it (it expired during a long step or a
    /// pause, and another process may have run a cycle since) stops before it changes anything more.
    /// </summary>
    public async Task KeepAsync(string step, CancellationToken cancellationToken)
    {
        if (!await store.RenewLeaseAsync(LoopStateKeys.Lease, Owner, time.GetUtcNow(), duration, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException(FormattableString.Invariant(
                $"The cycle lost its lease in the store during the step '{step}' (it lasted longer than CycleLeaseDuration {duration}, and another process may have run a cycle since); it stopped before changing anything more."));
        }
    }
}
