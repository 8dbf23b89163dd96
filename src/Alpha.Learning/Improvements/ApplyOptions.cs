using Alpha.Learning.Analysis;

namespace Alpha.Learning.Improvements;

/// <summary>How <see cref="ImprovementExecutor.ApplyRecommendationAsync(ImprovementRecommendation, ApplyOptions?, CancellationToken)"/> applies a recommendation.</summary>
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
