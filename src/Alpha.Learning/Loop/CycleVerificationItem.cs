using Alpha.Learning.Analysis;

namespace Alpha.Learning.Loop;

/// <summary>What verification found for one improvement.</summary>
public sealed class CycleVerificationItem
{
    /// <summary>Gets the improvement id.</summary>
    public required string ImprovementId { get; init; }

    /// <summary>Gets the metric compared.</summary>
    public required TargetMetric Metric { get; init; }

    /// <summary>Gets the verdict: <c>improved</c>, <c>unchanged</c>, <c>regressed</c> or <c>insufficient_data</c>.</summary>
    public required string Verdict { get; init; }

    /// <summary>Gets the p-value of the test, when one ran.</summary>
    public double? PValue { get; init; }

    /// <summary>Gets the number of events before and after the change.</summary>
    public long Before { get; init; }

    /// <summary>Gets the number of events after the change.</summary>
    public long After { get; init; }

    /// <summary>Gets what was done about it (for example <c>rolled_back</c>, <c>rollback_proposed</c>), or <see langword="null"/>.</summary>
    public string? Action { get; init; }

    /// <summary>Gets how the verdict was reached: the windows, the scope and the figures of each metric it used.</summary>
    public string? Details { get; init; }
}
