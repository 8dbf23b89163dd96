namespace Alpha.Learning.Loop;

/// <summary>How <see cref="FeedbackLoop.RunCycleAsync(RunCycleOptions?, CancellationToken)"/> runs one cycle.</summary>
public sealed class RunCycleOptions
{
    /// <summary>
    /// Gets whether every change is only planned: nothing is written to the configuration and nothing is queued for
    /// approval; the report shows what the cycle would do. The default value is <see langword="false"/>.
    /// </summary>
    public bool DryRun { get; init; }
}
