namespace Alpha.Learning.Loop;

/// <summary>Figures of the loop, the store and the executor.</summary>
public sealed class FeedbackLoopStatistics
{
    /// <summary>Gets the loop's status.</summary>
    public required FeedbackLoopStatus Status { get; init; }

    /// <summary>Gets the cycles run by this instance, completed or failed.</summary>
    public required long CyclesRun { get; init; }

    /// <summary>Gets the cycles of this instance that failed.</summary>
    public required long CyclesFailed { get; init; }

    /// <summary>Gets the improvements applied today (in the quota's time zone).</summary>
    public required long AppliedToday { get; init; }

    /// <summary>Gets the improvements waiting for approval.</summary>
    public required long PendingApproval { get; init; }

    /// <summary>Gets the store's totals and breakdowns.</summary>
    public required Storage.LearningStoreStatistics Store { get; init; }

    /// <summary>Gets the executor's figures.</summary>
    public required Improvements.ExecutorStatistics Executor { get; init; }
}
