using Alpha.Learning.Storage;
using static Alpha.Learning.Improvements.Internal.Executor.ExecutorContext;
using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Improvements.Internal.Executor;

/// <summary>Settles improvements left in applying by a crash (or a failed write) from the configuration's version.</summary>
internal sealed class CrashRecovery(ExecutorContext context)
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

        var temp = await context.ConfigStore.RecoverAsync(cancellationToken).ConfigureAwait(false);
        Log.Recovered(context.Logger, reconciled, aborted, temp);
        return new RecoveryResult { Reconciled = reconciled, Aborted = aborted, TempFilesRemoved = temp };
    }

    /// <summary>Settles an improvement left in applying from the configuration's version.</summary>
    public async Task<ImprovementStatus> ReconcileAsync(ImprovementRecord record, CancellationToken cancellationToken, string? failure = null)
    {
        string? version = null;
        try
        {
            version = (await context.ConfigStore.ReadAsync(cancellationToken).ConfigureAwait(false)).Version;
        }
        catch (ConfigStoreException)
        {
            // Unreadable now: a person must look.
        }

        var at = context.Now;
        if (version is not null && string.Equals(version, record.VersionAfter, StringComparison.Ordinal))
        {
            var done = await context.Store.UpdateImprovementAsync(
                new ImprovementUpdate
                {
                    Id = record.Id,
                    NewStatus = ImprovementStatus.Applied,
                    ExpectedStatus = ImprovementStatus.Applying,
                    At = at,
                    Reason = "Recovered: the configuration has the new version.",
                    PathChanges = PathChanges(record.Changes, record.Id, PathChangeKind.Applied, at),
                },
                cancellationToken).ConfigureAwait(false);
            Log.Reconciled(context.Logger, record.Id, "applied");
            return done ? ImprovementStatus.Applied : await context.CurrentStatusAsync(record.Id).ConfigureAwait(false);
        }

        var reason = failure is not null && string.Equals(version, record.VersionBefore, StringComparison.Ordinal)
            ? Inv($"Aborted: {failure}; the configuration was not changed.")
            : string.Equals(version, record.VersionBefore, StringComparison.Ordinal)
                ? "Aborted by a crash before the write; the configuration was not changed."
                : "Conflict: the configuration has neither the version before nor the version after this improvement; it needs a person.";
        var failed = await context.Store.UpdateImprovementStatusAsync(record.Id, ImprovementStatus.Failed, ImprovementStatus.Applying, reason, at, cancellationToken).ConfigureAwait(false);
        Log.Reconciled(context.Logger, record.Id, "failed");
        return failed ? ImprovementStatus.Failed : await context.CurrentStatusAsync(record.Id).ConfigureAwait(false);
    }
}
