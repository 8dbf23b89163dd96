namespace Alpha.Learning.Loop;

/// <summary>
/// How a feedback-loop cycle ended. Serialised as the snake_case names.
/// </summary>
public enum CycleRunStatus
{
    /// <summary><c>running</c>: started, not finished (or the process died while it ran).</summary>
    Running = 0,

    /// <summary><c>completed</c>: ran to the end.</summary>
    Completed = 1,

    /// <summary><c>failed</c>: stopped by an error; see <see cref="CycleRun.Reason"/>.</summary>
    Failed = 2,

    /// <summary><c>skipped</c>: did nothing, for example because another cycle held the lease.</summary>
    Skipped = 3,

    /// <summary><c>cancelled</c>: stopped on request.</summary>
    Cancelled = 4,

    /// <summary>Its runner died (killed, or its machine lost) before it finished; the next cycle's leader recorded it so.</summary>
    Interrupted = 5,
}
