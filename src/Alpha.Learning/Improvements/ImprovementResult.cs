using Alpha.Learning.Analysis;
using Alpha.Learning.Storage;

namespace Alpha.Learning.Improvements;

/// <summary>
/// What <see cref="ImprovementExecutor"/> did with a recommendation. Serialised as the snake_case names
/// (<c>applied</c>, <c>dry_run</c>, <c>pending_approval</c>, …).
/// </summary>
public enum ImprovementOutcome
{
    /// <summary><c>applied</c>: the changes were written and the improvement recorded as applied.</summary>
    Applied = 0,

    /// <summary><c>dry_run</c>: the changes were planned and recorded as a dry run; nothing was written to the configuration.</summary>
    DryRun = 1,

    /// <summary><c>pending_approval</c>: the guardrails ask for a person's approval; the improvement waits in <see cref="ImprovementStatus.PendingApproval"/>.</summary>
    PendingApproval = 2,

    /// <summary><c>advisory</c>: the recommendation is for a person (it has no configuration change); nothing was stored or written.</summary>
    Advisory = 3,

    /// <summary><c>refused</c>: validation or the guardrails refused it; nothing was stored or written.</summary>
    Refused = 4,

    /// <summary><c>conflict</c>: the configuration changed since the changes were planned; nothing was written.</summary>
    Conflict = 5,

    /// <summary><c>quota_exceeded</c>: the daily quota is used up; nothing was stored or written.</summary>
    QuotaExceeded = 6,

    /// <summary><c>already_applied</c>: the recommendation is applied (or being applied) already; nothing was written.</summary>
    AlreadyApplied = 7,

    /// <summary><c>failed</c>: an error stopped it; see <see cref="ImprovementResult.Reason"/>.</summary>
    Failed = 8,
}

/// <summary>The result of applying, queueing or approving a recommendation.</summary>
public sealed class ImprovementResult
{
    /// <summary>Gets what happened.</summary>
    public required ImprovementOutcome Outcome { get; init; }

    /// <summary>Gets the stored improvement, or <see langword="null"/> when nothing was stored.</summary>
    public ImprovementRecord? Improvement { get; init; }

    /// <summary>Gets the exact diff planned or applied, with the old values as found in the configuration. The default value is empty.</summary>
    public IReadOnlyList<ConfigChange> Changes { get; init; } = [];

    /// <summary>Gets one sentence for people saying what happened and why.</summary>
    public required string Reason { get; init; }

    /// <summary>Gets the guardrail verdict that decided (the first change not allowed), or <see langword="null"/> when every change was allowed or the guardrails were not consulted.</summary>
    public GuardrailVerdict? Guardrail { get; init; }
}

/// <summary>How <see cref="ImprovementExecutor.ApplyRecommendationAsync(ImprovementRecommendation, ApplyOptions, CancellationToken)"/> applies a recommendation.</summary>
public sealed class ApplyOptions
{
    /// <summary>Gets whether the confidence and the guardrails are checked. The action's own validation, the quota and the already-applied check always run. The default value is <see langword="true"/>.</summary>
    public bool Validate { get; init; } = true;

    /// <summary>Gets whether only to plan: the diff is returned and a <see cref="ImprovementStatus.DryRun"/> record stored; the configuration is not written. The default value is <see langword="false"/>.</summary>
    public bool DryRun { get; init; }

    /// <summary>Gets the number of the feedback-loop cycle applying it, or <see langword="null"/> (manual). The default value is <see langword="null"/>.</summary>
    public long? CycleNumber { get; init; }

    /// <summary>
    /// Gets whether a person approved it: guardrail verdicts that only require approval (same-direction limit,
    /// oscillation) do not block, and the daily quota (which bounds automatic changes) does not apply. Refusals still
    /// do. The default value is <see langword="false"/>.
    /// </summary>
    public bool Approved { get; init; }
}

/// <summary>The result of <see cref="ImprovementExecutor.RollbackImprovementAsync"/>.</summary>
public sealed class RollbackResult
{
    /// <summary>Gets whether the improvement is now rolled back.</summary>
    public required bool Success { get; init; }

    /// <summary>Gets one sentence for people saying what happened and why.</summary>
    public required string Reason { get; init; }

    /// <summary>Gets the improvement as stored after the call, or <see langword="null"/> when there is none with that id.</summary>
    public ImprovementRecord? Improvement { get; init; }

    /// <summary>Gets the changes written to undo it, with the old values as found. The default value is empty.</summary>
    public IReadOnlyList<ConfigChange> Changes { get; init; } = [];
}

/// <summary>What <see cref="ImprovementExecutor.RecoverAsync"/> reconciled.</summary>
public sealed class RecoveryResult
{
    /// <summary>Gets how many improvements left in <c>applying</c> were found written and marked applied.</summary>
    public int Reconciled { get; init; }

    /// <summary>Gets how many improvements left in <c>applying</c> were found not written (or in conflict) and marked failed.</summary>
    public int Aborted { get; init; }

    /// <summary>Gets how many temporary files of interrupted writes were removed.</summary>
    public int TempFilesRemoved { get; init; }
}

/// <summary>The state of the improvements as <see cref="ImprovementExecutor.GetStatisticsAsync"/> reports it.</summary>
public sealed class ExecutorStatistics
{
    /// <summary>Gets the number of improvements per status (every status present, zero when none).</summary>
    public required IReadOnlyDictionary<ImprovementStatus, long> ByStatus { get; init; }

    /// <summary>Gets the number of improvements stored.</summary>
    public long Total { get; init; }

    /// <summary>Gets how many improvements count against today's quota (applying, applied or rolled back today).</summary>
    public long AppliedToday { get; init; }

    /// <summary>Gets the daily quota (<see cref="ImprovementExecutorOptions.MaxDailyImprovements"/>).</summary>
    public int DailyQuota { get; init; }

    /// <summary>Gets how many more improvements may be applied automatically today.</summary>
    public long RemainingToday { get; init; }

    /// <summary>Gets when the latest applied improvement (still applied or rolled back since) was applied, or <see langword="null"/>.</summary>
    public DateTimeOffset? LastAppliedAt { get; init; }

    /// <summary>Gets the start of today's quota day.</summary>
    public DateTimeOffset QuotaDayStart { get; init; }

    /// <summary>Gets the end of today's quota day (exclusive).</summary>
    public DateTimeOffset QuotaDayEnd { get; init; }
}

/// <summary>The built-in <see cref="IImprovementAction"/> implementations.</summary>
public static class ImprovementActions
{
    /// <summary>Creates the built-in actions, one each for <c>config_update</c>, <c>model_routing</c>, <c>tool_strategy</c> and <c>error_handling</c>.</summary>
    /// <returns>A new list of the actions.</returns>
    public static IReadOnlyList<IImprovementAction> CreateBuiltIn() => Internal.BuiltInActions.Create();

    /// <summary>
    /// Creates a config action for an action type of your own: it applies any change whose path a guardrail rule of
    /// <paramref name="guardrails"/> allows (the host's rules first, then the built-in ones when
    /// <see cref="GuardrailOptions.UseDefaultRules"/> is set), with a value of that rule's type. The executor checks the
    /// rule's bounds, step, cooldown and history before applying, and rolls the change back like a built-in one.
    /// </summary>
    /// <param name="actionType">The action type it carries out, for example <c>new ActionType("cache_tuning")</c>.</param>
    /// <param name="guardrails">The guardrails; pass the same options the executor uses.</param>
    /// <returns>The action.</returns>
    public static IImprovementAction CreateConfigAction(Analysis.ActionType actionType, GuardrailOptions guardrails) =>
        new Internal.GuardedConfigAction(actionType, guardrails);
}
