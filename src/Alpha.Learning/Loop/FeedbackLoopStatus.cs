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
