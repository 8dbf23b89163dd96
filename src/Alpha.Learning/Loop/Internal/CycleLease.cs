
namespace Alpha.Learning.Loop.Internal;

/// <summary>
/// The cycle lease in the learning store, held by one owner (<c>host/process-id/instance</c>). A lease whose holder is a
/// process on this host that has ended is taken over at once; a holder on another host loses it when it expires. The
/// new holder records the cycles the dead one left running as interrupted.
/// </summary>
internal sealed class CycleLease(ICycleStore store, string owner, TimeProvider time, TimeSpan duration)
{
    public string Owner { get; } = owner;

    public async Task<bool> TryAcquireAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (!await store.TryAcquireLeaseAsync(LoopStateKeys.Lease, Owner, at, duration, cancellationToken).ConfigureAwait(false))
        {
            var held = await store.GetLeaseAsync(LoopStateKeys.Lease, cancellationToken).ConfigureAwait(false);
            if (held is null || !LeaseOwner.IsDeadLocalHolder(held.Owner, held.AcquiredAt)
                || !await store.TakeOverLeaseAsync(LoopStateKeys.Lease, held.Owner, Owner, at, duration, cancellationToken).ConfigureAwait(false))
            {
                // Freed meanwhile: one more plain attempt (a holder that released it is not to be waited for).
                if (held is not null || !await store.TryAcquireLeaseAsync(LoopStateKeys.Lease, Owner, at, duration, cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }
            }
        }

        await ReconcileInterruptedAsync(at, cancellationToken).ConfigureAwait(false);
        return true;
    }

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

    // Holding the lease, no other cycle runs: every cycle still recorded as running was left by a runner that died (or
    // lost the lease and will find its cycle finished). Its improvements left "applying" are reconciled by the executor.
    private async Task ReconcileInterruptedAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        foreach (var run in await store.GetRunningCyclesAsync(cancellationToken).ConfigureAwait(false))
        {
            await store.FinishCycleAsync(
                run.CycleNumber,
                CycleRunStatus.Interrupted,
                FormattableString.Invariant($"Its runner ({run.Owner ?? "unknown"}) stopped before it finished (the process ended, or its lease expired); the next cycle's leader ({Owner}) recorded it as interrupted."),
                null,
                at,
                cancellationToken).ConfigureAwait(false);
        }
    }
}
