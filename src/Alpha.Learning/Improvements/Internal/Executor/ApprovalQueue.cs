using Alpha.Learning.Analysis;

using static Alpha.Learning.Improvements.Internal.Executor.ExecutorContext;
using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Improvements.Internal.Executor;

/// <summary>Stores a planned recommendation as pending approval, once per recommendation while one is pending.</summary>
internal sealed class ApprovalQueue(ExecutorContext context)
{
    public async Task<ImprovementResult> QueueAsync(ImprovementRecommendation recommendation, ConfigEditPlan plan, string reason, GuardrailVerdict? verdict, long? cycleNumber, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var existing = await context.Store.GetImprovementsByRecommendationAsync(recommendation.Id, cancellationToken).ConfigureAwait(false);
            if (existing.FirstOrDefault(r => r.Status == ImprovementStatus.PendingApproval) is { } pending)
            {
                return new ImprovementResult { Outcome = ImprovementOutcome.PendingApproval, Improvement = pending, Changes = pending.Changes, Reason = Inv($"The recommendation '{recommendation.Id}' already waits for approval as '{pending.Id}'."), Guardrail = verdict };
            }

            var record = context.NewRecord(recommendation, plan, ImprovementStatus.PendingApproval, NextId("approval", recommendation.Id, existing), cycleNumber, reason);
            try
            {
                await context.Store.StoreImprovementAsync(record, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                continue; // Queued by another executor meanwhile: look again.
            }

            Log.Queued(context.Logger, recommendation.Id, record.Id);
            return new ImprovementResult { Outcome = ImprovementOutcome.PendingApproval, Improvement = record, Changes = plan.Changes, Reason = Inv($"Waits for a person's approval: {reason}"), Guardrail = verdict };
        }

        return new ImprovementResult { Outcome = ImprovementOutcome.Failed, Changes = plan.Changes, Reason = Inv($"The recommendation '{recommendation.Id}' could not be queued for approval.") };
    }
}
