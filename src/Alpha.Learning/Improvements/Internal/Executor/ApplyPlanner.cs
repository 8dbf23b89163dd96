using Alpha.Learning.Analysis;

using static Alpha.Learning.Improvements.Internal.Executor.ExecutorContext;
using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Improvements.Internal.Executor;

/// <summary>
/// The pure half of an apply: the action's validation, the confidence floor, settling a crashed earlier apply of
/// the same recommendation, the plan, and the guardrails. Nothing is written to the configuration.
/// </summary>
internal sealed class ApplyPlanner(ExecutorContext context, CrashRecovery recovery)
{
    public async Task<PreparedApply> PrepareAsync(ImprovementRecommendation recommendation, bool validate, bool approved, string? excludeId, CancellationToken cancellationToken)
    {
        if (!context.Actions.TryGetValue(recommendation.ActionType, out var action))
        {
            return Early(ImprovementOutcome.Refused, Inv($"No action is registered for {EnumNames.ToName(recommendation.ActionType)} recommendations, so '{recommendation.Id}' was not applied."));
        }

        var validation = action.Validate(recommendation);
        if (validation.Status == ActionValidationStatus.Advisory)
        {
            return Early(ImprovementOutcome.Advisory, Inv($"For a person: {recommendation.Note ?? recommendation.Rationale}"));
        }

        if (!validation.IsValid)
        {
            return Early(ImprovementOutcome.Refused, validation.Reason);
        }

        if (validate && recommendation.Confidence < context.Options.MinConfidence)
        {
            return Early(ImprovementOutcome.Refused, Inv($"The confidence {recommendation.Confidence:0.###} of '{recommendation.Id}' is below the minimum {context.Options.MinConfidence:0.###}."));
        }

        var existing = await context.Store.GetImprovementsByRecommendationAsync(recommendation.Id, cancellationToken).ConfigureAwait(false);
        foreach (var record in existing.Where(r => r.Status == ImprovementStatus.Applying && !string.Equals(r.Id, excludeId, StringComparison.Ordinal)))
        {
            // An apply left half done by a crashed process is settled first, once it is old enough not to be running elsewhere.
            if ((record.StatusChangedAt ?? record.CreatedAt) <= context.Now - context.Options.RecoveryGracePeriod)
            {
                await recovery.ReconcileAsync(record, cancellationToken).ConfigureAwait(false);
            }
        }

        existing = await context.Store.GetImprovementsByRecommendationAsync(recommendation.Id, cancellationToken).ConfigureAwait(false);
        if (existing.FirstOrDefault(r => r.Status is ImprovementStatus.Applying or ImprovementStatus.Applied && !string.Equals(r.Id, excludeId, StringComparison.Ordinal)) is { } active)
        {
            return new PreparedApply(AlreadyApplied(recommendation, active), null, null);
        }

        ConfigEditPlan plan;
        try
        {
            plan = await action.PlanAsync(recommendation, context.ConfigStore, cancellationToken).ConfigureAwait(false);
        }
        catch (ConfigStoreException ex)
        {
            Log.PlanFailed(context.Logger, recommendation.Id, ex.Error);
            return Early(ImprovementOutcome.Failed, Inv($"The recommendation '{recommendation.Id}' could not be planned: {ex.Message}"));
        }
        catch (InvalidOperationException ex)
        {
            return Early(ImprovementOutcome.Refused, ex.Message);
        }

        if (!plan.HasChanges)
        {
            return Early(ImprovementOutcome.Refused, Inv($"The configuration already has every value '{recommendation.Id}' sets; there is nothing to change."));
        }

        GuardrailVerdict? deciding = null;
        if (validate)
        {
            var since = context.Now - context.GuardrailOptions.HistoryWindow;
            foreach (var change in plan.Changes)
            {
                var history = await context.Store.GetPathChangesAsync(change.Path, since, cancellationToken).ConfigureAwait(false);
                var verdict = context.Guardrails.Evaluate(change, history.Select(ToHistory).ToArray());
                if (verdict.Outcome == GuardrailOutcome.Refused)
                {
                    Log.GuardrailRefused(context.Logger, recommendation.Id, verdict.Path, verdict.Check);
                    return new PreparedApply(new ImprovementResult { Outcome = ImprovementOutcome.Refused, Changes = plan.Changes, Reason = verdict.Reason, Guardrail = verdict }, plan, verdict);
                }

                if (verdict.Outcome == GuardrailOutcome.RequiresApproval && deciding is null)
                {
                    deciding = verdict;
                }
            }
        }

        return new PreparedApply(null, plan, approved ? null : deciding);

        static PreparedApply Early(ImprovementOutcome outcome, string reason) => new(new ImprovementResult { Outcome = outcome, Reason = reason }, null, null);
    }
}
