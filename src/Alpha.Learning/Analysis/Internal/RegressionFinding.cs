namespace Alpha.Learning.Analysis.Internal;

/// <summary>One comparison of one metric of one subject, before and after correction.</summary>
internal sealed class RegressionFinding
{
    public required string Subject { get; init; }

    public required string Key { get; init; }

    /// <summary>Gets the metric name, for example <c>p95_duration</c>, <c>error_rate</c>, <c>cost_per_task</c>.</summary>
    public required string Metric { get; init; }

    public required double Before { get; init; }

    public required double After { get; init; }

    /// <summary>Gets the effect: a ratio (after ÷ before) or, for rates, a difference (after − before).</summary>
    public required double Effect { get; init; }

    /// <summary>Gets whether <see cref="Effect"/> is a ratio (<see langword="false"/>: a difference of shares).</summary>
    public required bool EffectIsRatio { get; init; }

    public required double PValue { get; init; }

    public required long BeforeSamples { get; init; }

    public required long AfterSamples { get; init; }

    /// <summary>Gets whether the effect is at or above its floor.</summary>
    public required bool AboveFloor { get; init; }

    public required Priority Severity { get; init; }

    /// <summary>Gets the unit of <see cref="Before"/> and <see cref="After"/>: <c>s</c>, <c>usd</c>, <c>tokens</c>, <c>share</c>, <c>per_hour</c>.</summary>
    public required string Unit { get; init; }

    public string? ErrorType { get; init; }

    /// <summary>Gets the p95 after the change (durations only), for a timeout proposal.</summary>
    public double? P95After { get; init; }

    public string? Example { get; init; }

    /// <summary>Gets or sets the Holm-adjusted verdict.</summary>
    public bool Significant { get; set; }
}
