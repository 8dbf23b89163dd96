using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;

namespace Alpha.Learning.Loop;

/// <summary>
/// One comparison of an improvement's target metric before and after it was applied.
/// </summary>
public sealed class VerificationResult
{
    /// <summary>Gets the id of the improvement.</summary>
    public required string ImprovementId { get; init; }

    /// <summary>Gets the metric compared.</summary>
    public required TargetMetric Metric { get; init; }

    /// <summary>Gets the verdict.</summary>
    public required VerificationVerdict Verdict { get; init; }

    /// <summary>Gets the p-value of the test, or <see langword="null"/> when no test ran.</summary>
    public double? PValue { get; init; }

    /// <summary>Gets the effect (after minus before, in the metric's unit), or <see langword="null"/>.</summary>
    public double? Effect { get; init; }

    /// <summary>Gets the number of observations before.</summary>
    public long BaselineSize { get; init; }

    /// <summary>Gets the number of observations after.</summary>
    public long AfterSize { get; init; }

    /// <summary>Gets details as JSON text, or <see langword="null"/>. The default value is <see langword="null"/>.</summary>
    public string? Details { get; init; }

    /// <summary>Gets when the verdict was reached.</summary>
    public required DateTimeOffset At { get; init; }
}
