using Alpha.Learning.Analysis;

namespace Alpha.Learning.Loop;

/// <summary>
/// The measurements of an improvement's target metric taken before it was applied.
/// </summary>
public sealed class VerificationBaseline
{
    /// <summary>Gets the id of the improvement.</summary>
    public required string ImprovementId { get; init; }

    /// <summary>Gets the metric measured.</summary>
    public required TargetMetric Metric { get; init; }

    /// <summary>Gets how many observations the baseline holds.</summary>
    public required long SampleSize { get; init; }

    /// <summary>Gets the sample values or their summary, as JSON text.</summary>
    public required string Data { get; init; }

    /// <summary>Gets when the baseline was taken.</summary>
    public required DateTimeOffset CapturedAt { get; init; }
}
