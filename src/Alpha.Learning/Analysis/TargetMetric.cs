namespace Alpha.Learning.Analysis;

/// <summary>
/// The metric an improvement is meant to move, used to verify afterwards that it helped.
/// Serialised as the snake_case names.
/// </summary>
public enum TargetMetric
{
    /// <summary><c>none</c>: nothing to verify.</summary>
    None = 0,

    /// <summary><c>error_rate</c>: share of a task's runs that end in error (lower is better).</summary>
    ErrorRate = 1,

    /// <summary><c>timeout_rate</c>: share of a task's runs that time out (lower is better).</summary>
    TimeoutRate = 2,

    /// <summary><c>p95_duration</c>: 95th percentile duration of a tool or task (lower is better).</summary>
    P95Duration = 3,

    /// <summary><c>cost_per_call</c>: cost of a model's calls (lower is better).</summary>
    CostPerCall = 4,

    /// <summary><c>success_rate</c>: share of a task's runs that succeed (higher is better).</summary>
    SuccessRate = 5,

    /// <summary><c>cost_per_task</c>: cost of the task runs in a change's scope, all their calls summed (lower is better).</summary>
    CostPerTask = 6,
}
