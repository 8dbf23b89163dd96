namespace Alpha.Learning.Analysis;

/// <summary>
/// The kind of a detected <see cref="LogPattern"/>. Serialised as the snake_case names
/// (<c>recurring_error</c>, <c>slow_operation</c>, …).
/// </summary>
public enum PatternType
{
    /// <summary><c>recurring_error</c>: the same error (by type and message template) keeps happening.</summary>
    RecurringError = 0,

    /// <summary><c>slow_operation</c>: a tool or task is slower than its threshold.</summary>
    SlowOperation = 1,

    /// <summary><c>inefficient_tool_chain</c>: tool calls that waste work (redundant calls, retry loops, chains tied to failure).</summary>
    InefficientToolChain = 2,

    /// <summary><c>high_cost_operation</c>: a model's calls cost more than the threshold.</summary>
    HighCostOperation = 3,

    /// <summary><c>successful_pattern</c>: a task type that reliably succeeds.</summary>
    SuccessfulPattern = 4,

    /// <summary><c>timeout_pattern</c>: a task keeps timing out.</summary>
    TimeoutPattern = 5,
}

/// <summary>
/// How urgent a recommendation is. Serialised as <c>critical</c> … <c>info</c>.
/// </summary>
public enum Priority
{
    /// <summary><c>info</c>: for information only.</summary>
    Info = 1,

    /// <summary><c>low</c>.</summary>
    Low = 2,

    /// <summary><c>medium</c>.</summary>
    Medium = 3,

    /// <summary><c>high</c>.</summary>
    High = 4,

    /// <summary><c>critical</c>.</summary>
    Critical = 5,
}

/// <summary>
/// The kind of change a recommendation makes. Serialised as <c>config_update</c>, <c>model_routing</c>,
/// <c>tool_strategy</c>, <c>error_handling</c>.
/// </summary>
public enum ActionType
{
    /// <summary><c>config_update</c>: a plain configuration value (for example a task timeout).</summary>
    ConfigUpdate = 0,

    /// <summary><c>model_routing</c>: route a task type to another model.</summary>
    ModelRouting = 1,

    /// <summary><c>tool_strategy</c>: how a tool is used (timeout, caching, de-duplication).</summary>
    ToolStrategy = 2,

    /// <summary><c>error_handling</c>: retries and backoff for an error type.</summary>
    ErrorHandling = 3,
}

/// <summary>
/// How risky applying a recommendation is. Serialised as <c>safe</c> and <c>risky</c>.
/// </summary>
public enum RiskLevel
{
    /// <summary><c>safe</c>: bounded, reversible and well supported by the evidence; may be applied automatically in SemiAuto mode.</summary>
    Safe = 0,

    /// <summary><c>risky</c>: waits for a person's approval except in FullAuto mode.</summary>
    Risky = 1,
}

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
