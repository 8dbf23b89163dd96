namespace Alpha.Learning.Loop;

/// <summary>A snapshot of the feedback loop's state.</summary>
public sealed class FeedbackLoopStatus
{
    /// <summary>Gets whether the scheduled loop is running.</summary>
    public required bool Running { get; init; }

    /// <summary>Gets the mode in force (Manual after too many automatic rollbacks in a row, whatever was configured).</summary>
    public required FeedbackLoopMode Mode { get; init; }

    /// <summary>Gets the configured mode.</summary>
    public required FeedbackLoopMode ConfiguredMode { get; init; }

    /// <summary>Gets the number of cycles recorded in the store.</summary>
    public required long CycleCount { get; init; }

    /// <summary>Gets when the last cycle started, if any.</summary>
    public DateTimeOffset? LastCycle { get; init; }

    /// <summary>Gets when the next scheduled cycle runs, if any.</summary>
    public DateTimeOffset? NextRun { get; init; }

    /// <summary>Gets the schedule, described for people.</summary>
    public required string Schedule { get; init; }
}

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
