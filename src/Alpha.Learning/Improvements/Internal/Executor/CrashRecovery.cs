using static Alpha.Learning.Improvements.Internal.Executor.ExecutorContext;
using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Improvements.Internal.Executor;

/// <summary>Settles improvements left in applying by a crash (or a failed write) from the configuration's version.</summary>
internal sealed class CrashRecovery(ExecutorContext context, RollbackIntents rollbackIntents)
{
    public async Task<RecoveryResult> RecoverAsync(CancellationToken cancellationToken)
    {
        var location = (context.ConfigStore as IConfigFileLocation)?.Path;
        var applying = await context.Store.GetImprovementsAsync(ImprovementStatus.Applying, null, ListLimit, cancellationToken).ConfigureAwait(false);
        var reconciled = 0;
        var aborted = 0;
        var cutoff = context.Now - context.Options.RecoveryGracePeriod;
        foreach (var record in applying)
        {
            if ((record.StatusChangedAt ?? record.CreatedAt) > cutoff
                || (location is not null && record.ConfigFile is not null && !string.Equals(record.ConfigFile, location, StringComparison.Ordinal)))
            {
                continue;
            }

            var status = await ReconcileAsync(record, cancellationToken).ConfigureAwait(false);
            _ = status == ImprovementStatus.Applied ? reconciled++ : aborted++;
        }

        ConfigSnapshot? snapshot = null;
        try
        {
            snapshot = await context.ConfigStore.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ConfigStoreException)
        {
            // Unreadable now: rollback intents wait for the next start.
        }

        reconciled += await rollbackIntents.RecoverAsync(snapshot, cancellationToken).ConfigureAwait(false);
        var temp = await context.ConfigStore.RecoverAsync(cancellationToken).ConfigureAwait(false);
        Log.Recovered(context.Logger, reconciled, aborted, temp);
        return new RecoveryResult { Reconciled = reconciled, Aborted = aborted, TempFilesRemoved = temp };
    }

    /// <summary>Settles an improvement left in applying from the configuration's version.</summary>
    public async Task<ImprovementStatus> ReconcileAsync(ImprovementRecord record, CancellationToken cancellationToken, string? failure = null)
    {
        string? version = null;
        ConfigSnapshot? snapshot = null;
        try
        {
            snapshot = await context.ConfigStore.ReadAsync(cancellationToken).ConfigureAwait(false);
            version = snapshot.Version;
        }
        catch (ConfigStoreException)
        {
            // Unreadable now: a person must look.
        }

        var at = context.Now;
        if (snapshot is null)
        {
            // Unreadable now: guessing could record the wrong outcome, so it stays applying for the next recovery.
            return ImprovementStatus.Applying;
        }

        // The whole-file hash tells first; when later writes changed the file since, the paths tell (all new or all old).
        var inFile = string.Equals(version, record.VersionBefore, StringComparison.Ordinal)
            ? ChangesInFile.Mixed
            : string.Equals(version, record.VersionAfter, StringComparison.Ordinal) ? ChangesInFile.New : ChangesInFileCheck.Of(record.Changes, snapshot);
        if (inFile == ChangesInFile.New)
        {
            var done = await context.Store.UpdateImprovementAsync(
                new ImprovementUpdate
                {
                    Id = record.Id,
                    NewStatus = ImprovementStatus.Applied,
                    ExpectedStatus = ImprovementStatus.Applying,
                    At = at,
                    Reason = string.Equals(version, record.VersionAfter, StringComparison.Ordinal)
                        ? "Recovered: the configuration has the new version."
                        : "Recovered: the configuration holds every change of this improvement (it was changed again since).",
                    PathChanges = PathChanges(record.Changes, record.Id, PathChangeKind.Applied, at),
                },
                cancellationToken).ConfigureAwait(false);
            Log.Reconciled(context.Logger, record.Id, "applied");
            return done ? ImprovementStatus.Applied : await context.CurrentStatusAsync(record.Id).ConfigureAwait(false);
        }

        var unchanged = string.Equals(version, record.VersionBefore, StringComparison.Ordinal) || inFile == ChangesInFile.Old;
        var reason = failure is not null && unchanged
            ? Inv($"Aborted: {failure}; the configuration does not hold its changes.")
            : unchanged
                ? "Aborted by a crash before the write (or an I/O error during it); the configuration does not hold its changes."
                : "Conflict: the configuration has neither the version before nor the version after this improvement; it needs a person.";
        var failed = await context.Store.UpdateImprovementStatusAsync(record.Id, ImprovementStatus.Failed, ImprovementStatus.Applying, reason, at, cancellationToken).ConfigureAwait(false);
        Log.Reconciled(context.Logger, record.Id, "failed");
        return failed ? ImprovementStatus.Failed : await context.CurrentStatusAsync(record.Id).ConfigureAwait(false);
    }
}
