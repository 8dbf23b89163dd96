using Alpha.Learning.Analysis;

using static Alpha.Learning.Improvements.Internal.Executor.ExecutorContext;
using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Improvements.Internal.Executor;

/// <summary>Rolls back one applied improvement: checks its paths did not change since, plans the inverse, then back up → write → commit.</summary>
internal sealed class RollbackFlow(ExecutorContext context, ChangeWriter writer, RollbackIntents intents)
{
    public async Task<RollbackResult> RollbackAsync(string improvementId, bool force, CancellationToken cancellationToken)
    {
        var record = await context.Store.GetImprovementAsync(improvementId, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return new RollbackResult { Success = false, Reason = Inv($"There is no improvement with id '{improvementId}'.") };
        }

        if (record.Status != ImprovementStatus.Applied)
        {
            return new RollbackResult { Success = false, Improvement = record, Reason = Inv($"The improvement '{improvementId}' is {EnumNames.ToName(record.Status)}; only an applied improvement can be rolled back.") };
        }

        if (!context.Actions.TryGetValue(record.ActionType, out var action))
        {
            return new RollbackResult { Success = false, Improvement = record, Reason = Inv($"No action is registered for {EnumNames.ToName(record.ActionType)} improvements, so '{improvementId}' cannot be rolled back.") };
        }

        var snapshot = await context.ConfigStore.ReadAsync(cancellationToken).ConfigureAwait(false);
        var changedSince = await ChangedSinceAsync(record, snapshot, cancellationToken).ConfigureAwait(false);
        if (changedSince.Count > 0 && !force)
        {
            var why = Inv($"The improvement '{improvementId}' was not rolled back because the same paths changed since it was applied ({string.Join("; ", changedSince)}); roll back with force to restore its old values anyway.");
            Log.RollbackRefused(context.Logger, improvementId, changedSince.Count);
            return new RollbackResult { Success = false, Improvement = record, Reason = why };
        }

        var inverse = Inverse(action, record, snapshot);
        ConfigEditPlan? plan = null;
        if (inverse.Count > 0)
        {
            try
            {
                plan = await context.ConfigStore.PlanAsync(inverse, cancellationToken).ConfigureAwait(false);
            }
            catch (ConfigStoreException ex)
            {
                var why = ex.Error == ConfigStoreError.ValueChanged
                    ? Inv($"The improvement '{improvementId}' was not rolled back because the configuration changed while the rollback was planned: {ex.Message}")
                    : Inv($"The improvement '{improvementId}' was not rolled back: {ex.Message}");
                return new RollbackResult { Success = false, Improvement = record, Reason = why };
            }
        }

        var at = context.Now;
        string? backup = null;
        if (plan is { HasChanges: true })
        {
            // The intent first: a rollback that reaches the file but not the store is settled from the file at the next start.
            await intents.RecordAsync(record.Id, plan).ConfigureAwait(false);
            WriteAttempt attempt;
            try
            {
                attempt = await writer.BackupAndWriteAsync(plan, record.Id + "-rollback", action, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                if (await writer.StillAtBaseAsync(plan).ConfigureAwait(false))
                {
                    await intents.TryClearAsync(record.Id).ConfigureAwait(false);
                }

                throw;
            }

            if (attempt.Conflict)
            {
                await intents.TryClearAsync(record.Id).ConfigureAwait(false);
                return new RollbackResult { Success = false, Improvement = record, Changes = plan.Changes, Reason = Inv($"The improvement '{improvementId}' was not rolled back: {ChangedSincePlanned}") };
            }

            backup = attempt.Backup;
            at = context.Now;
        }

        var changes = plan?.Changes ?? [];
        var reason = changedSince.Count > 0 ? Inv($"Rolled back by force over later changes ({string.Join("; ", changedSince)}).") : "Rolled back.";
        bool committed;
        ImprovementRecord? stored;
        try
        {
            (committed, stored) = await writer.CommitAsync(
                new ImprovementUpdate
                {
                    Id = record.Id,
                    NewStatus = ImprovementStatus.RolledBack,
                    ExpectedStatus = ImprovementStatus.Applied,
                    At = at,
                    Reason = reason,
                    PathChanges = PathChanges(changes, record.Id, PathChangeKind.RolledBack, at),
                }).ConfigureAwait(false);
        }
        catch (LearningStoreException ex) when (plan is { HasChanges: true })
        {
            throw new LearningStoreException(ex.Kind, ex.DatabasePath, Inv(
                $"The improvement '{improvementId}' was rolled back in the configuration '{plan.Location}' (undoing {Describe(changes)}), but the learning store could not record it: {StoreProblem(ex)} It stays applied in the store until the next start, which records the rollback from the file."), ex);
        }

        await intents.TryClearAsync(record.Id).ConfigureAwait(false);
        if (!committed)
        {
            return new RollbackResult { Success = stored?.Status == ImprovementStatus.RolledBack, Improvement = stored, Changes = changes, Reason = Inv($"The improvement '{improvementId}' was rolled back by someone else meanwhile.") };
        }

        Log.RolledBack(context.Logger, record.Id, changes.Count, backup ?? string.Empty);
        return new RollbackResult { Success = true, Improvement = stored, Changes = changes, Reason = Inv($"The improvement '{improvementId}' was rolled back: {Describe(changes)} restored.") };
    }

    private async Task<List<string>> ChangedSinceAsync(ImprovementRecord record, ConfigSnapshot snapshot, CancellationToken cancellationToken)
    {
        var changedSince = new List<string>();
        foreach (var change in record.Changes)
        {
            var present = snapshot.TryGetValue(change.Path, out var current);
            var expected = change.RemoveKey ? !present : present && YamlScalars.ValueEquals(YamlScalars.Normalize(current), YamlScalars.Normalize(change.NewValue));
            if (!expected)
            {
                changedSince.Add(Inv($"'{change.Path}' is now {(present ? YamlScalars.Describe(current) : "absent")}, not {YamlScalars.Describe(change.NewValue)}"));
                continue;
            }

            var later = await context.Store.GetPathChangesAsync(change.Path, record.AppliedAt ?? record.CreatedAt, cancellationToken).ConfigureAwait(false);
            if (later.FirstOrDefault(p => !string.Equals(p.ImprovementId, record.Id, StringComparison.Ordinal)) is { } other)
            {
                changedSince.Add(Inv($"'{change.Path}' was changed by improvement '{other.ImprovementId}' at {other.At:O}"));
            }
        }

        return changedSince;
    }

    /// <summary>The inverse, planned against the values as they are now (they equal the applied ones unless forced).</summary>
    private static List<ConfigChange> Inverse(IImprovementAction action, ImprovementRecord record, ConfigSnapshot snapshot)
    {
        var inverse = new List<ConfigChange>();
        foreach (var change in action.Invert(record.Changes))
        {
            var present = snapshot.TryGetValue(change.Path, out var current);
            if (change.RemoveKey)
            {
                if (present)
                {
                    inverse.Add(new ConfigChange { Path = change.Path, OldValue = current, NewValue = current ?? change.NewValue, RemoveKey = true });
                }
            }
            else
            {
                inverse.Add(new ConfigChange { Path = change.Path, OldValue = present ? current : null, NewValue = change.NewValue });
            }
        }

        return inverse;
    }
}
