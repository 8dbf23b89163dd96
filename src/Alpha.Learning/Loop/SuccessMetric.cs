namespace Alpha.Learning.Loop;

/// <summary>
/// One measured value of a named metric (error rate of a task, p95 duration of a tool, cost per call of a model, …).
/// </summary>
public sealed class SuccessMetric
{
    /// <summary>Gets the metric name (for example <c>error_rate</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Gets the value.</summary>
    public required double Value { get; init; }

    /// <summary>Gets when the value was measured.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Gets what the value is about (for example a task name), or <see langword="null"/>. The default value is <see langword="null"/>.</summary>
    public string? Subject { get; init; }

    /// <summary>Gets free-form tags, stored as JSON. The default value is empty.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}
