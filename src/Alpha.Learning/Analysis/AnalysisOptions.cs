using Alpha.Learning.Analysis.Internal;
using Alpha.Learning.Internal;

using Microsoft.Extensions.Options;

namespace Alpha.Learning.Analysis;

/// <summary>
/// Thresholds, bounds, price table and configuration path templates of the analysis and its built-in detectors.
/// </summary>
/// <remarks>
/// Path templates hold a placeholder (<c>{task}</c>, <c>{tool}</c>, <c>{model}</c> or <c>{error}</c>) that is
/// replaced by the subject's name only when that name is a safe key segment (<c>^[A-Za-z0-9_-]{1,64}$</c>);
/// otherwise the recommendation is reported without changes and with a note saying why.
/// </remarks>
public sealed class AnalysisOptions
{
    // ---- Timeouts ----

    /// <summary>Gets or sets the task timeout the host uses when none is known for a task, in seconds. The default value is 30.</summary>
    [SettingRange(0, MinimumIsExclusive = true)]
    public double DefaultTaskTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Gets the task timeouts the host is known to use, in seconds, by task name; a recommendation starts from
    /// these (and reports them as the old value). The default value is empty.
    /// </summary>
    public IDictionary<string, double> KnownTaskTimeoutSeconds { get; } = new Dictionary<string, double>(StringComparer.Ordinal);

    /// <summary>Gets or sets how many timeouts of one task make a <c>timeout_pattern</c>. The default value is 3.</summary>
    [SettingRange(1)]
    public int TimeoutMinOccurrences { get; set; } = 3;

    /// <summary>
    /// Gets or sets how close (as a share of the timeout) a failed task's duration must come to the configured timeout
    /// to count as a timeout even when its message does not say so. The default value is 0.02.
    /// </summary>
    [SettingRange(0, 0.5)]
    public double TimeoutDurationTolerance { get; set; } = 0.02;

    /// <summary>Gets or sets the factor applied to the p95 of successful durations to propose a timeout. The default value is 1.5.</summary>
    [SettingRange(1, 10)]
    public double TimeoutMultiplier { get; set; } = 1.5;

    /// <summary>Gets or sets the largest factor one recommendation may raise a timeout by. The default value is 2.</summary>
    [SettingRange(1, 10)]
    public double MaxTimeoutIncreaseFactor { get; set; } = 2;

    /// <summary>Gets or sets the largest task timeout ever proposed, in seconds. The default value is 300.</summary>
    [SettingRange(0, MinimumIsExclusive = true)]
    public double MaxTaskTimeoutSeconds { get; set; } = 300;

    /// <summary>Gets or sets the largest tool timeout ever proposed, in seconds. The default value is 120.</summary>
    [SettingRange(0, MinimumIsExclusive = true)]
    public double MaxToolTimeoutSeconds { get; set; } = 120;

    /// <summary>Gets or sets how many values a percentile needs before a recommendation relies on it. The default value is 5.</summary>
    [SettingRange(1)]
    public int MinSamplesForPercentile { get; set; } = 5;

    /// <summary>
    /// Gets the error types that mean a timeout (matched exactly, ignoring case, or as the last dotted segment).
    /// The default value is TimeoutError, asyncio.TimeoutError, TimeoutException, TaskCanceledException,
    /// ReadTimeout, ConnectTimeout, ReadTimeoutError, APITimeoutError, DeadlineExceeded, socket.timeout.
    /// </summary>
    public IList<string> TimeoutErrorTypes { get; } =
    [
        "TimeoutError", "asyncio.TimeoutError", "TimeoutException", "TaskCanceledException", "ReadTimeout",
        "ConnectTimeout", "ReadTimeoutError", "APITimeoutError", "DeadlineExceeded", "socket.timeout",
    ];

    /// <summary>
    /// Gets the wording that marks a timeout in an error message (case-insensitive; numbers match as whole words).
    /// The default value is "timeout", "timed out", "time out", "deadline exceeded", "504".
    /// </summary>
    public IList<string> TimeoutMessageMarkers { get; } = ["timeout", "timed out", "time out", "deadline exceeded", "504"];

    // ---- Errors ----

    /// <summary>Gets or sets how many occurrences of one error template make a <c>recurring_error</c>. The default value is 3.</summary>
    [SettingRange(1)]
    public int RecurringErrorMinOccurrences { get; set; } = 3;

    /// <summary>Gets or sets the most error types tracked (each has its own template miner). The default value is 100.</summary>
    [SettingRange(1)]
    public int MaxErrorTypes { get; set; } = 100;

    /// <summary>Gets the template miner settings used per error type. The default value has <c>MaxTemplates</c> = 500.</summary>
    public ErrorTemplateMinerOptions ErrorTemplates { get; } = new() { MaxTemplates = 500 };

    /// <summary>
    /// Gets the error types that are transient (worth a retry with backoff). The default value is ConnectionError,
    /// ConnectionResetError, ConnectionRefusedError, ConnectionAbortedError, BrokenPipeError, HttpRequestException,
    /// SocketException, RateLimitError, APIConnectionError, ServiceUnavailableError, InternalServerError.
    /// </summary>
    public IList<string> TransientErrorTypes { get; } =
    [
        "ConnectionError", "ConnectionResetError", "ConnectionRefusedError", "ConnectionAbortedError", "BrokenPipeError",
        "HttpRequestException", "SocketException", "RateLimitError", "APIConnectionError", "ServiceUnavailableError",
        "InternalServerError",
    ];

    /// <summary>
    /// Gets the wording that marks a transient error in a message (case-insensitive; numbers match as whole words and
    /// only in messages that mention HTTP, a status or a code). The default value is "connection reset",
    /// "connection refused", "connection aborted", "broken pipe", "too many requests", "rate limit",
    /// "service unavailable", "temporarily unavailable", "econnreset", "econnrefused", "429", "502", "503".
    /// </summary>
    public IList<string> TransientMessageMarkers { get; } =
    [
        "connection reset", "connection refused", "connection aborted", "broken pipe", "too many requests", "rate limit",
        "service unavailable", "temporarily unavailable", "econnreset", "econnrefused", "429", "502", "503",
    ];

    /// <summary>Gets or sets how many examples a pattern keeps. The default value is 3.</summary>
    [SettingRange(0)]
    public int MaxExamples { get; set; } = 3;

    /// <summary>Gets or sets the length examples are truncated to, in characters. The default value is 200.</summary>
    [SettingRange(16)]
    public int ExampleMaxLength { get; set; } = 200;

    /// <summary>Gets or sets how many affected task names a pattern lists. The default value is 10.</summary>
    [SettingRange(0)]
    public int MaxAffectedNames { get; set; } = 10;

    /// <summary>Gets or sets the retry attempts proposed for a transient error. The default value is 3.</summary>
    [SettingRange(1, 10)]
    public long RetryMaxAttempts { get; set; } = 3;

    /// <summary>Gets or sets the initial backoff proposed for a transient error, in seconds (doubling per attempt). The default value is 1.</summary>
    [SettingRange(0, MinimumIsExclusive = true)]
    public double RetryInitialBackoffSeconds { get; set; } = 1;

    // ---- Slow operations ----

    /// <summary>Gets or sets the duration above which a tool call is slow, in seconds. The default value is 5.</summary>
    [SettingRange(0, MinimumIsExclusive = true)]
    public double SlowToolThresholdSeconds { get; set; } = 5;

    /// <summary>Gets or sets the duration above which a task is slow, in seconds. The default value is 10.</summary>
    [SettingRange(0, MinimumIsExclusive = true)]
    public double SlowTaskThresholdSeconds { get; set; } = 10;

    /// <summary>Gets or sets how many slow calls or runs make a <c>slow_operation</c>. The default value is 3.</summary>
    [SettingRange(1)]
    public int SlowMinOccurrences { get; set; } = 3;

    // ---- Cost ----

    /// <summary>Gets or sets the cost above which a model call is expensive, in US dollars. The default value is 0.10.</summary>
    [SettingRange(0, MinimumIsExclusive = true)]
    public double HighCostThresholdUsd { get; set; } = 0.10;

    /// <summary>Gets or sets how many expensive (or unpriced) calls of one model make a <c>high_cost_operation</c>. The default value is 3.</summary>
    [SettingRange(1)]
    public int HighCostMinOccurrences { get; set; } = 3;

    /// <summary>
    /// Gets the price table, by model name; a model matches its exact name or else the longest name that is a prefix
    /// of it. A model that matches none and logs no cost is reported as unpriced, never as free. The default value
    /// holds list prices of common models (gpt-4, gpt-4-turbo, gpt-4o, gpt-4o-mini, gpt-3.5-turbo, claude-3-opus,
    /// claude-3-5-sonnet, claude-3-haiku); replace them with the host's own.
    /// </summary>
    public IDictionary<string, ModelPrice> ModelPrices { get; } = new Dictionary<string, ModelPrice>(StringComparer.Ordinal)
    {
        ["gpt-4"] = new() { InputPerMillion = 30, OutputPerMillion = 60 },
        ["gpt-4-turbo"] = new() { InputPerMillion = 10, OutputPerMillion = 30 },
        ["gpt-4o"] = new() { InputPerMillion = 2.5, OutputPerMillion = 10 },
        ["gpt-4o-mini"] = new() { InputPerMillion = 0.15, OutputPerMillion = 0.6 },
        ["gpt-3.5-turbo"] = new() { InputPerMillion = 0.5, OutputPerMillion = 1.5 },
        ["claude-3-opus"] = new() { InputPerMillion = 15, OutputPerMillion = 75 },
        ["claude-3-5-sonnet"] = new() { InputPerMillion = 3, OutputPerMillion = 15 },
        ["claude-3-haiku"] = new() { InputPerMillion = 0.25, OutputPerMillion = 1.25 },
    };

    /// <summary>Gets or sets how many runs of a task type a cheaper model needs before routing to it is proposed. The default value is 5.</summary>
    [SettingRange(1)]
    public int RoutingMinRuns { get; set; } = 5;

    /// <summary>Gets or sets the success rate a cheaper model needs on a task type before routing to it is proposed. The default value is 0.9.</summary>
    [SettingRange(0, 1)]
    public double RoutingMinSuccessRate { get; set; } = 0.9;

    // ---- Tool chains ----

    /// <summary>Gets or sets how many redundant calls or retry loops of one tool make an <c>inefficient_tool_chain</c>. The default value is 3.</summary>
    [SettingRange(1)]
    public int ChainMinOccurrences { get; set; } = 3;

    /// <summary>Gets or sets the least share of a task type's runs a failure-linked chain must appear in. The default value is 0.05.</summary>
    [SettingRange(0, 1)]
    public double FailureChainMinSupport { get; set; } = 0.05;

    /// <summary>Gets or sets the least number of failing runs a failure-linked chain must appear in. The default value is 5.</summary>
    [SettingRange(1)]
    public int FailureChainMinFailures { get; set; } = 5;

    /// <summary>Gets or sets the least lift (failure rate with the chain over the task type's failure rate) of a failure-linked chain. The default value is 1.5.</summary>
    [SettingRange(1, 1000)]
    public double FailureChainMinLift { get; set; } = 1.5;

    /// <summary>Gets or sets the retry limit proposed for a tool caught in retry loops. The default value is 2.</summary>
    [SettingRange(0, 10)]
    public long ToolMaxRetries { get; set; } = 2;

    // ---- Success ----

    /// <summary>Gets or sets how many runs a task type needs to be a <c>successful_pattern</c>. The default value is 5.</summary>
    [SettingRange(1)]
    public int SuccessMinRuns { get; set; } = 5;

    /// <summary>Gets or sets the success rate a task type needs to be a <c>successful_pattern</c>. The default value is 0.9.</summary>
    [SettingRange(0, 1)]
    public double SuccessMinRate { get; set; } = 0.9;

    // ---- Memory bounds and scoring ----

    /// <summary>Gets or sets the most open tasks (joined by task id) a detector tracks; the least recently seen is dropped past it. The default value is 100000.</summary>
    [SettingRange(1)]
    public int MaxOpenTasks { get; set; } = 100_000;

    /// <summary>Gets or sets how long (in event time) an open task may go unseen before its state is dropped. The default value is 1 hour.</summary>
    [SettingDuration(0, MinimumIsExclusive = true)]
    public TimeSpan OpenTaskStaleAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets the most distinct calls remembered per open task. The default value is 256.</summary>
    [SettingRange(1)]
    public int MaxCallsPerTask { get; set; } = 256;

    /// <summary>Gets or sets the most distinct names (tasks, tools, models) one detector tracks; further names are not tracked. The default value is 10000.</summary>
    [SettingRange(1)]
    public int MaxSubjects { get; set; } = 10_000;

    /// <summary>Gets or sets the half-life of recency in impact scores. The default value is 1 day.</summary>
    [SettingDuration(0, MinimumIsExclusive = true)]
    public TimeSpan RecencyHalfLife { get; set; } = TimeSpan.FromDays(1);

    // ---- Baseline-relative detection ----

    /// <summary>Gets the options of the baseline-relative detector (regressions, new errors, trends).</summary>
    [ValidateObjectMembers]
    public RegressionOptions Regression { get; } = new();

    // ---- Configuration path templates ----

    /// <summary>
    /// Gets where the built-in rules write in the host's configuration, one template per rule; the built-in actions and
    /// guardrail rules follow them. The properties below (<see cref="TaskTimeoutPath"/> …) are the same templates.
    /// </summary>
    public ConfigPathTemplates PathTemplates { get; } = new();

    /// <summary>Gets or sets the path of a task's timeout, in seconds (<see cref="ConfigPathTemplates.TaskTimeoutPath"/>). The default value is <c>tasks.timeouts.{task}</c>.</summary>
    [ConfigPathTemplate("{task}")]
    public string TaskTimeoutPath { get => PathTemplates.TaskTimeoutPath; set => PathTemplates.TaskTimeoutPath = value; }

    /// <summary>Gets or sets the path of a tool's timeout, in seconds (<see cref="ConfigPathTemplates.ToolTimeoutPath"/>). The default value is <c>tools.{tool}.timeout</c>.</summary>
    [ConfigPathTemplate("{tool}")]
    public string ToolTimeoutPath { get => PathTemplates.ToolTimeoutPath; set => PathTemplates.ToolTimeoutPath = value; }

    /// <summary>Gets or sets the path of a tool's result caching switch (<see cref="ConfigPathTemplates.ToolCachePath"/>). The default value is <c>tools.{tool}.cache_results</c>.</summary>
    [ConfigPathTemplate("{tool}")]
    public string ToolCachePath { get => PathTemplates.ToolCachePath; set => PathTemplates.ToolCachePath = value; }

    /// <summary>Gets or sets the path of a tool's call de-duplication switch (<see cref="ConfigPathTemplates.ToolDeduplicatePath"/>). The default value is <c>tools.{tool}.deduplicate_calls</c>.</summary>
    [ConfigPathTemplate("{tool}")]
    public string ToolDeduplicatePath { get => PathTemplates.ToolDeduplicatePath; set => PathTemplates.ToolDeduplicatePath = value; }

    /// <summary>Gets or sets the path of a tool's retry limit (<see cref="ConfigPathTemplates.ToolMaxRetriesPath"/>). The default value is <c>tools.{tool}.max_retries</c>.</summary>
    [ConfigPathTemplate("{tool}")]
    public string ToolMaxRetriesPath { get => PathTemplates.ToolMaxRetriesPath; set => PathTemplates.ToolMaxRetriesPath = value; }

    /// <summary>Gets or sets the path of the model a task type is routed to (<see cref="ConfigPathTemplates.ModelRoutingPath"/>). The default value is <c>model_routing.{task}</c>.</summary>
    [ConfigPathTemplate("{task}")]
    public string ModelRoutingPath { get => PathTemplates.ModelRoutingPath; set => PathTemplates.ModelRoutingPath = value; }

    /// <summary>Gets or sets the path of the retry attempts for an error type (<see cref="ConfigPathTemplates.ErrorRetryAttemptsPath"/>). The default value is <c>error_handling.{error}.max_retries</c>.</summary>
    [ConfigPathTemplate("{error}")]
    public string ErrorRetryAttemptsPath { get => PathTemplates.ErrorRetryAttemptsPath; set => PathTemplates.ErrorRetryAttemptsPath = value; }

    /// <summary>Gets or sets the path of the initial retry backoff for an error type, in seconds (<see cref="ConfigPathTemplates.ErrorRetryBackoffPath"/>). The default value is <c>error_handling.{error}.backoff_seconds</c>.</summary>
    [ConfigPathTemplate("{error}")]
    public string ErrorRetryBackoffPath { get => PathTemplates.ErrorRetryBackoffPath; set => PathTemplates.ErrorRetryBackoffPath = value; }

    internal double TimeoutFor(string taskName) =>
        KnownTaskTimeoutSeconds.TryGetValue(taskName, out var seconds) && seconds > 0 ? seconds : DefaultTaskTimeoutSeconds;
}
