using static Alpha.Learning.Improvements.Internal.Executor.ExecutorContext;
using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Improvements.Internal.Executor;

/// <summary>A person's decision on a pending improvement: approve (re-plan, compare-and-set to applying, write) or reject.</summary>
internal sealed class ApprovalDecisions(ExecutorContext context, ApplyPlanner planner, ApplyPipeline pipeline)
{
    /// <summary>How often an approval that lost a race to another write of the configuration is planned and written again.</summary>
    private const int Attempts = 8;

    /// <summary>
    /// Approves; an approval that loses the race to another writer (the file changed between its plan and its
    /// rename) goes back to pending and is planned again, so a person's approval is never used up by a race.
    /// </summary>
    public async Task<ImprovementResult> ApproveAsync(string improvementId, CancellationToken cancellationToken)
    {
        var result = await ApproveOnceAsync(improvementId, cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; attempt < Attempts && result is { Outcome: ImprovementOutcome.Conflict, Improvement.Status: ImprovementStatus.PendingApproval }; attempt++)
        {
            result = await ApproveOnceAsync(improvementId, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    private async Task<ImprovementResult> ApproveOnceAsync(string improvementId, CancellationToken cancellationToken)
    {
        var record = await context.Store.GetImprovementAsync(improvementId, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return new ImprovementResult { Outcome = ImprovementOutcome.Refused, Reason = Inv($"There is no improvement with id '{improvementId}'.") };
        }

        if (record.Status != ImprovementStatus.PendingApproval)
        {
            return new ImprovementResult { Outcome = ImprovementOutcome.Refused, Improvement = record, Changes = record.Changes, Reason = Inv($"The improvement '{improvementId}' is {EnumNames.ToName(record.Status)}, not pending approval; nothing was done.") };
        }

        var recommendation = ToRecommendation(record);
        var prepared = await planner.PrepareAsync(recommendation, validate: true, approved: true, excludeId: record.Id, cancellationToken).ConfigureAwait(false);
        if (prepared.Result is { } early)
        {
            // Refused, advisory, already applied or unplannable: the decision stays open for a person unless it can never succeed.
            if (early.Outcome is ImprovementOutcome.AlreadyApplied or ImprovementOutcome.Refused)
            {
                await context.Store.UpdateImprovementStatusAsync(record.Id, ImprovementStatus.Failed, ImprovementStatus.PendingApproval, early.Reason, context.Now, cancellationToken).ConfigureAwait(false);
                return Reload(early, await context.Store.GetImprovementAsync(record.Id, cancellationToken).ConfigureAwait(false));
            }

            return Reload(early, record);
        }

        var plan = prepared.Plan!;
        if (!SameChanges(plan.Changes, record.Changes))
        {
            const string why = "The configuration changed since the improvement was queued, so the diff approved is no longer the one that would be written; nothing was written.";
            await context.Store.UpdateImprovementStatusAsync(record.Id, ImprovementStatus.Failed, ImprovementStatus.PendingApproval, why, context.Now, cancellationToken).ConfigureAwait(false);
            return new ImprovementResult { Outcome = ImprovementOutcome.Conflict, Improvement = await context.Store.GetImprovementAsync(record.Id, cancellationToken).ConfigureAwait(false), Changes = plan.Changes, Reason = why };
        }

        var taken = await context.Store.UpdateImprovementAsync(
            new ImprovementUpdate
            {
                Id = record.Id,
                NewStatus = ImprovementStatus.Applying,
                ExpectedStatus = ImprovementStatus.PendingApproval,
                At = context.Now,
                Reason = "Approved by a person.",
                ConfigFile = plan.Location,
                VersionBefore = plan.BaseVersion,
                VersionAfter = plan.NewVersion,
            },
            cancellationToken).ConfigureAwait(false);
        if (!taken)
        {
            var now = await context.Store.GetImprovementAsync(record.Id, cancellationToken).ConfigureAwait(false);
            return new ImprovementResult { Outcome = ImprovementOutcome.Refused, Improvement = now, Changes = record.Changes, Reason = Inv($"The improvement '{record.Id}' is no longer pending approval (someone decided first); nothing was done.") };
        }

        var applying = (await context.Store.GetImprovementAsync(record.Id, cancellationToken).ConfigureAwait(false))!;
        return await pipeline.WriteAndCommitAsync(applying, plan, prepared.Verdict, ImprovementStatus.PendingApproval, cancellationToken).ConfigureAwait(false);
    }

    public Task<bool> RejectAsync(string improvementId, string? reason, CancellationToken cancellationToken) =>
        context.Store.UpdateImprovementStatusAsync(improvementId, ImprovementStatus.Rejected, ImprovementStatus.PendingApproval, reason ?? "Rejected by a person.", context.Now, cancellationToken);
}
