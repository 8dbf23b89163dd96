using Alpha.Learning.Analysis;

namespace Alpha.Learning.Loop;

/// <summary>What happened to one recommendation in a cycle.</summary>
public sealed class CycleImprovementItem
{
    /// <summary>Gets the recommendation id.</summary>
    public required string RecommendationId { get; init; }

    /// <summary>Gets the improvement id when one was stored.</summary>
    public string? ImprovementId { get; init; }

    /// <summary>Gets the recommendation title.</summary>
    public required string Title { get; init; }

    /// <summary>Gets what was done: <c>applied</c>, <c>pending_approval</c>, <c>failed</c>, <c>dry_run</c> or <c>skipped</c>.</summary>
    public required string Action { get; init; }

    /// <summary>Gets why, in one sentence.</summary>
    public required string Reason { get; init; }

    /// <summary>Gets the changes planned or made.</summary>
    public IReadOnlyList<ConfigChange> Changes { get; init; } = [];

    /// <summary>
    /// Gets the expected benefit the change was ordered by: tasks saved per week plus dollars saved per week (in tasks,
    /// at <see cref="FeedbackLoopOptions.UsdPerTask"/>), discounted by confidence; 0 when the rule expects none.
    /// </summary>
    public double ExpectedBenefit { get; init; }

    /// <summary>Gets what the change touches (its outcomes there judge it).</summary>
    public RecommendationScope Scope { get; init; } = RecommendationScope.Empty;
}
