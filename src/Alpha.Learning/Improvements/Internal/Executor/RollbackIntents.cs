using static Alpha.Learning.Improvements.Internal.Executor.ExecutorContext;

namespace Alpha.Learning.Improvements.Internal.Executor;

/// <summary>
/// The intent of a rollback, recorded in the store before the file is written (an apply records its intent as the
/// <see cref="ImprovementStatus.Applying"/> record itself). When the file was rolled back but the store could not record
/// it (a full disk, a crash), the next start finds the intent and settles the improvement from the file.
/// </summary>
internal sealed class RollbackIntents(ExecutorContext context)
{
    private const string KeyPrefix = "rollback_intent:";

    /// <summary>Records the intent; throws (nothing written) when the store cannot.</summary>
    public Task RecordAsync(string improvementId, ConfigEditPlan plan) =>
        context.Store.SetStateAsync(KeyPrefix + improvementId, plan.NewVersion, context.Now, CancellationToken.None);

    /// <summary>Clears the intent; a failure only leaves it for recovery, which finds the file unchanged or rolled back.</summary>
    public async Task TryClearAsync(string improvementId)
    {
        try
        {
            await context.Store.SetStateAsync(KeyPrefix + improvementId, null, context.Now, CancellationToken.None).ConfigureAwait(false);
        }
        catch (LearningStoreException)
        {
            // Left for the next recovery.
        }
    }

    /// <summary>Settles applied improvements with a rollback intent: rolled back when the file no longer holds their changes.</summary>
    public async Task<int> RecoverAsync(ConfigSnapshot? snapshot, CancellationToken cancellationToken)
    {
        var settled = 0;
        foreach (var record in await context.Store.GetImprovementsAsync(ImprovementStatus.Applied, null, ListLimit, cancellationToken).ConfigureAwait(false))
        {
            if (await context.Store.GetStateAsync(KeyPrefix + record.Id, cancellationToken).ConfigureAwait(false) is null || snapshot is null)
            {
                continue;
            }

            if (ChangesInFileCheck.Of(record.Changes, snapshot) == ChangesInFile.Old && context.Actions.TryGetValue(record.ActionType, out var action))
            {
                var at = context.Now;
                var done = await context.Store.UpdateImprovementAsync(
                    new ImprovementUpdate
                    {
                        Id = record.Id,
                        NewStatus = ImprovementStatus.RolledBack,
                        ExpectedStatus = ImprovementStatus.Applied,
                        At = at,
                        Reason = "Recovered: the rollback was written to the configuration, but the store could not record it then.",
                        PathChanges = PathChanges(action.Invert(record.Changes), record.Id, PathChangeKind.RolledBack, at),
                    },
                    cancellationToken).ConfigureAwait(false);
                Log.Reconciled(context.Logger, record.Id, "rolled_back");
                settled += done ? 1 : 0;
            }

            // Rolled back now, or the rollback never reached the file: the intent is spent either way.
            await context.Store.SetStateAsync(KeyPrefix + record.Id, null, context.Now, cancellationToken).ConfigureAwait(false);
        }

        return settled;
    }
}
