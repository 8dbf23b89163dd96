namespace Alpha.Learning.Improvements.Internal.Executor;

/// <summary>
/// The one write routine apply and rollback share: back up the bytes the plan replaces, write the plan with
/// compare-and-swap, then commit the record in the store.
/// </summary>
internal sealed class ChangeWriter(ExecutorContext context, ConfigBackups backups)
{
    /// <summary>Backs up and writes a plan. The write itself is never cancelled: a half-done write is worse than a late one.</summary>
    /// <returns>The backup and the write's result, or <see cref="WriteAttempt.Conflict"/> when the file changed since planned (no backup is left then).</returns>
    public async Task<WriteAttempt> BackupAndWriteAsync(ConfigEditPlan plan, string backupName, IImprovementAction action, CancellationToken cancellationToken)
    {
        string backup;
        try
        {
            backup = await backups.BackupAsync(plan, backupName, cancellationToken).ConfigureAwait(false);
        }
        catch (PlanConflictException)
        {
            return WriteAttempt.Conflicted;
        }

        ConfigWriteResult written;
        try
        {
            written = await action.ApplyAsync(plan, context.ConfigStore, CancellationToken.None).ConfigureAwait(false);
        }
        catch
        {
            // The write failed: the backup is kept only when the file may have changed after all.
            if (await StillAtBaseAsync(plan).ConfigureAwait(false))
            {
                ConfigBackups.TryDelete(backup);
            }

            throw;
        }

        if (written.Status == ConfigWriteStatus.Conflict)
        {
            ConfigBackups.TryDelete(backup);
            return WriteAttempt.Conflicted;
        }

        return new WriteAttempt(backup, written);
    }

    /// <summary>Whether the configuration still has the plan's base version (false when it cannot be read).</summary>
    public async Task<bool> StillAtBaseAsync(ConfigEditPlan plan)
    {
        try
        {
            var now = await context.ConfigStore.ReadAsync(CancellationToken.None).ConfigureAwait(false);
            return string.Equals(now.Version, plan.BaseVersion, StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is ConfigStoreException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Records a write in the store (compare-and-set on the status) and reads the record back.</summary>
    public async Task<(bool Committed, ImprovementRecord? Stored)> CommitAsync(ImprovementUpdate update)
    {
        var committed = await context.Store.UpdateImprovementAsync(update, CancellationToken.None).ConfigureAwait(false);
        var stored = await context.Store.GetImprovementAsync(update.Id, CancellationToken.None).ConfigureAwait(false);
        return (committed, stored);
    }
}
