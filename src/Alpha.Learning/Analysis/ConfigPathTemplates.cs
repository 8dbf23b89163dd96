namespace Alpha.Learning.Analysis;

/// <summary>
/// Where the built-in recommendation rules write, in the host's own configuration: one path template per rule. The
/// built-in actions and the built-in guardrail rules follow these templates, so a host maps the rules onto its own
/// option names in configuration (for example <c>AlphaLearning:Analysis:PathTemplates:ToolTimeoutPath</c> =
/// <c>Agent:Tools:{tool}:TimeoutSeconds</c>), not in code.
/// </summary>
/// <remarks>
/// A template is safe key segments (<c>^[A-Za-z0-9_-]{1,64}$</c>) separated by <c>.</c> or <c>:</c> (the same
/// segments either way), with its placeholder (<c>{task}</c>, <c>{tool}</c> or <c>{error}</c>) as one whole segment. The
/// placeholder is replaced by the subject's name only when that name is a safe key segment; otherwise the recommendation
/// carries no change. Each template names a single value of the type stated below; the file must hold (or accept) a
/// value of that type there.
/// </remarks>
public sealed class ConfigPathTemplates
{
    /// <summary>
    /// Gets or sets the path of a task type's timeout: a number of seconds (guardrail 1–600, at most ×2 a step). The
    /// default value is <c>tasks.timeouts.{task}</c>.
    /// </summary>
    public string TaskTimeoutPath { get; set; } = "tasks.timeouts.{task}";

    /// <summary>
    /// Gets or sets the path of a tool's timeout: a number of seconds (guardrail 1–600, at most ×2 a step); for a
    /// resilience pipeline, the timeout strategy's seconds. The default value is <c>tools.{tool}.timeout</c>.
    /// </summary>
    public string ToolTimeoutPath { get; set; } = "tools.{tool}.timeout";

    /// <summary>Gets or sets the path of a tool's result-caching switch: a boolean. The default value is <c>tools.{tool}.cache_results</c>.</summary>
    public string ToolCachePath { get; set; } = "tools.{tool}.cache_results";

    /// <summary>Gets or sets the path of a tool's call de-duplication switch: a boolean. The default value is <c>tools.{tool}.deduplicate_calls</c>.</summary>
    public string ToolDeduplicatePath { get; set; } = "tools.{tool}.deduplicate_calls";

    /// <summary>Gets or sets the path of a tool's retry limit: a whole number (guardrail 0–10). The default value is <c>tools.{tool}.max_retries</c>.</summary>
    public string ToolMaxRetriesPath { get; set; } = "tools.{tool}.max_retries";

    /// <summary>
    /// Gets or sets the path of the model a task type is routed to: a model name (guardrail
    /// <c>^[A-Za-z0-9][A-Za-z0-9._:/@-]{0,127}$</c>). The default value is <c>model_routing.{task}</c>.
    /// </summary>
    public string ModelRoutingPath { get; set; } = "model_routing.{task}";

    /// <summary>
    /// Gets or sets the path of the retry attempts for an error type: a whole number (guardrail 0–10); for a resilience
    /// pipeline, the retry strategy's <c>MaxRetryAttempts</c>. The default value is <c>error_handling.{error}.max_retries</c>.
    /// </summary>
    public string ErrorRetryAttemptsPath { get; set; } = "error_handling.{error}.max_retries";

    /// <summary>
    /// Gets or sets the path of the first retry backoff for an error type: a number of seconds (guardrail 0–300, at most
    /// ×4 a step). The default value is <c>error_handling.{error}.backoff_seconds</c>.
    /// </summary>
    public string ErrorRetryBackoffPath { get; set; } = "error_handling.{error}.backoff_seconds";
}
