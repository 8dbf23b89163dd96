using Alpha.Learning.Analysis;

using static Alpha.Learning.Improvements.Internal.Executor.ExecutorContext;
using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Improvements.Internal.Executor;

/// <summary>
/// An apply from plan to record: dry run, queue for approval, or reserve in the store (quota, idempotency),
/// then back up → write → commit, settling the record from the file on any I/O error.
/// </summary>
internal sealed class ApplyPipeline(ExecutorContext context, ApplyPlanner planner, ApprovalQueue approvals, ChangeWriter writer, CrashRecovery recovery, QuotaCalendar calendar)
{
    public async Task<ImprovementResult> ApplyAsync(ImprovementRecommendation recommendation, ApplyOptions options, CancellationToken cancellationToken)
    {
        var prepared = await planner.PrepareAsync(recommendation, options.Validate, options.Approved, excludeId: null, cancellationToken).ConfigureAwait(false);
        if (prepared.Result is { } early)
        {
            return early;
        }

        var (plan, verdict) = (prepared.Plan!, prepared.Verdict);
        if (verdict is { Outcome: GuardrailOutcome.RequiresApproval } && !options.Approved && !options.DryRun)
        {
            return await approvals.QueueAsync(recommendation, plan, verdict.Reason, verdict, options.CycleNumber, cancellationToken).ConfigureAwait(false);
        }

        if (options.DryRun)
        {
            var dry = context.NewRecord(recommendation, plan, ImprovementStatus.DryRun, ImprovementRecord.NewId(context.Time), options.CycleNumber, Inv($"Dry run: {Describe(plan.Changes)} planned; nothing was written."));
            await context.Store.StoreImprovementAsync(dry, cancellationToken).ConfigureAwait(false);
            Log.DryRun(context.Logger, recommendation.Id, plan.Changes.Count);
            return new ImprovementResult { Outcome = ImprovementOutcome.DryRun, Improvement = dry, Changes = plan.Changes, Reason = dry.Reason!, Guardrail = verdict };
        }

        // Reserve: quota and idempotency, atomically in the store, under an id derived from the recommendation.
        var (start, end) = calendar.Day(context.Now);
        var quota = options.Approved ? int.MaxValue : context.Options.MaxDailyImprovements;
        ImprovementRecord? reserved = null;
        for (var attempt = 0; attempt < 3 && reserved is null; attempt++)
        {
            var existing = await context.Store.GetImprovementsByRecommendationAsync(recommendation.Id, cancellationToken).ConfigureAwait(false);
            if (existing.FirstOrDefault(r => r.Status is ImprovementStatus.Applying or ImprovementStatus.Applied) is { } active)
            {
                return AlreadyApplied(recommendation, active);
            }

            var record = context.NewRecord(recommendation, plan, ImprovementStatus.Applying, NextId("apply", recommendation.Id, existing), options.CycleNumber);
            var outcome = await context.Store.TryReserveImprovementAsync(record, start, end, quota, cancellationToken).ConfigureAwait(false);
            switch (outcome)
            {
                case ReservationOutcome.Reserved:
                    reserved = record;
                    break;
                case ReservationOutcome.QuotaExceeded:
                    Log.QuotaExceeded(context.Logger, recommendation.Id, context.Options.MaxDailyImprovements);
                    return new ImprovementResult
                    {
                        Outcome = ImprovementOutcome.QuotaExceeded,
                        Changes = plan.Changes,
                        Reason = Inv($"The daily quota of {context.Options.MaxDailyImprovements} improvements ({context.TimeZone.Id} day from {start:O}) is used up; '{recommendation.Id}' was not applied."),
                        Guardrail = verdict,
                    };
                default:
                    break; // Another executor reserved the same id meanwhile: look again.
            }
        }

        if (reserved is null)
        {
            var latest = await context.Store.GetImprovementsByRecommendationAsync(recommendation.Id, cancellationToken).ConfigureAwait(false);
            return latest.Count > 0 && latest[0] is { } other
                ? AlreadyApplied(recommendation, other)
                : new ImprovementResult { Outcome = ImprovementOutcome.Failed, Changes = plan.Changes, Reason = Inv($"The recommendation '{recommendation.Id}' could not be reserved in the store; nothing was written.") };
        }

        return await WriteAndCommitAsync(reserved, plan, verdict, ImprovementStatus.Failed, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Backs up, writes and commits a record reserved in <see cref="ImprovementStatus.Applying"/>.</summary>
    /// <param name="record">The record in applying.</param>
    /// <param name="plan">The plan to write.</param>
    /// <param name="verdict">The guardrail verdict, for the result.</param>
    /// <param name="conflictStatus">What the record becomes when the file changed since planned: failed for an automatic apply (planned again next cycle), pending approval for a person's approval (it lost a race and waits again).</param>
    /// <param name="cancellationToken">The token to cancel with (honoured until the write starts).</param>
    public async Task<ImprovementResult> WriteAndCommitAsync(ImprovementRecord record, ConfigEditPlan plan, GuardrailVerdict? verdict, ImprovementStatus conflictStatus, CancellationToken cancellationToken)
    {
        var action = context.Actions[record.ActionType];
        WriteAttempt attempt;
        try
        {
            attempt = await writer.BackupAndWriteAsync(plan, record.Id, action, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ConfigStoreException or OperationCanceledException)
        {
            // Settle from the file: whatever happened, the record must end up agreeing with it.
            ImprovementStatus status;
            ImprovementRecord? stored;
            try
            {
                status = await recovery.ReconcileAsync(record, CancellationToken.None, Inv($"failed before the write completed: {ex.Message}")).ConfigureAwait(false);
                stored = await context.Store.GetImprovementAsync(record.Id, CancellationToken.None).ConfigureAwait(false);
            }
            catch (LearningStoreException storeError)
            {
                throw new LearningStoreException(storeError.Kind, storeError.DatabasePath, Inv(
                    $"Writing the changes of '{record.Id}' to '{plan.Location}' failed ({ex.Message}), and the learning store could not record the outcome: {StoreProblem(storeError)} The improvement stays applying in the store; the next start settles it from the file."), storeError);
            }

            return status == ImprovementStatus.Applied
                ? new ImprovementResult { Outcome = ImprovementOutcome.Applied, Improvement = stored, Changes = plan.Changes, Reason = Inv($"Applied {Describe(plan.Changes)}."), Guardrail = verdict }
                : new ImprovementResult { Outcome = ImprovementOutcome.Failed, Improvement = stored, Changes = plan.Changes, Reason = stored?.Reason ?? ex.Message, Guardrail = verdict };
        }

        if (attempt.Conflict)
        {
            return await ConflictAsync(record, plan, conflictStatus).ConfigureAwait(false);
        }

        var at = context.Now;
        bool committed;
        ImprovementRecord? result;
        try
        {
            (committed, result) = await writer.CommitAsync(
                new ImprovementUpdate
                {
                    Id = record.Id,
                    NewStatus = ImprovementStatus.Applied,
                    ExpectedStatus = ImprovementStatus.Applying,
                    At = at,
                    ConfigFile = plan.Location,
                    VersionBefore = plan.BaseVersion,
                    VersionAfter = attempt.Written!.Version,
                    BackupFile = attempt.Backup,
                    PathChanges = PathChanges(plan.Changes, record.Id, PathChangeKind.Applied, at),
                }).ConfigureAwait(false);
        }
        catch (LearningStoreException ex)
        {
            // The file holds the change and the store says applying (with the new file's hash): never "nothing was written".
            throw new LearningStoreException(ex.Kind, ex.DatabasePath, Inv(
                $"The changes of '{record.Id}' ({Describe(plan.Changes)}) were written to '{plan.Location}' (backup '{attempt.Backup}'), but the learning store could not record them: {StoreProblem(ex)} The improvement stays applying in the store; the next start records it as applied from the file."), ex);
        }

        if (!committed && result?.Status != ImprovementStatus.Applied)
        {
            Log.CommitLost(context.Logger, record.Id, result is null ? "missing" : EnumNames.ToName(result.Status));
            return new ImprovementResult { Outcome = ImprovementOutcome.Failed, Improvement = result, Changes = plan.Changes, Reason = Inv($"The changes of '{record.Id}' were written, but the improvement was no longer applying when it was recorded ({result?.Reason}); a person should check it."), Guardrail = verdict };
        }

        Log.Applied(context.Logger, record.Id, record.RecommendationId, plan.Changes.Count, attempt.Backup!);
        return new ImprovementResult { Outcome = ImprovementOutcome.Applied, Improvement = result, Changes = plan.Changes, Reason = Inv($"Applied {Describe(plan.Changes)}."), Guardrail = verdict };
    }

    private async Task<ImprovementResult> ConflictAsync(ImprovementRecord record, ConfigEditPlan plan, ImprovementStatus conflictStatus)
    {
        Log.ApplyConflict(context.Logger, record.Id);
        var reason = conflictStatus == ImprovementStatus.PendingApproval
            ? "Still pending approval: another write changed the configuration while this approval was written; nothing was written."
            : "changed since planned: " + ChangedSincePlanned;
        await context.Store.UpdateImprovementStatusAsync(record.Id, conflictStatus, ImprovementStatus.Applying, reason, context.Now, CancellationToken.None).ConfigureAwait(false);
        var stored = await context.Store.GetImprovementAsync(record.Id, CancellationToken.None).ConfigureAwait(false);
        return new ImprovementResult { Outcome = ImprovementOutcome.Conflict, Improvement = stored, Changes = plan.Changes, Reason = ChangedSincePlanned };
    }
}
