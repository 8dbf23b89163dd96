namespace Alpha.Learning.Logs;

/// <summary>
/// One normalised event of an agent host's execution log.
/// </summary>
/// <remarks>
/// Which properties are set depends on <see cref="Kind"/>; see the log format in the README. Names
/// (task, tool, model, provider, error type) read by the default JSON-lines source are shared
/// string instances (one per parsing thread), so comparing them is cheap. Every text property comes from a log and is
/// untrusted: never use it as a configuration path or value, and escape it before showing it.
/// </remarks>
public sealed class ExecutionEvent
{
    // Numbers are kept unboxed with a sentinel for "not set" (NaN, -1): an event is allocated per log line.
    private readonly double _duration = double.NaN;
    private readonly double _estimatedCost = double.NaN;
    private readonly long _promptTokens = -1;
    private readonly long _completionTokens = -1;
    private readonly long _totalTokens = -1;
    private readonly long _cacheReadTokens = -1;

    /// <summary>Gets the kind of the event.</summary>
    public required ExecutionEventKind Kind { get; init; }

    /// <summary>Gets the <c>event</c> name as written in the log (for example <c>task_error</c> or a host's own name).</summary>
    public required string EventName { get; init; }

    /// <summary>Gets the instant of the event.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Gets the id of the task the event belongs to, when known.</summary>
    public string? TaskId { get; init; }

    /// <summary>Gets the name (type) of the task, when known.</summary>
    public string? TaskName { get; init; }

    /// <summary>Gets the duration in seconds, when known.</summary>
    public double? Duration
    {
        get => double.IsNaN(_duration) ? null : _duration;
        init => _duration = value ?? double.NaN;
    }

    /// <summary>Gets the error message of a failed task or tool call.</summary>
    public string? Error { get; init; }

    /// <summary>Gets the error type (for example <c>TimeoutError</c>) of a failed task.</summary>
    public string? ErrorType { get; init; }

    /// <summary>Gets the traceback of a failed task.</summary>
    public string? Traceback { get; init; }

    /// <summary>Gets the name of the tool of a <see cref="ExecutionEventKind.ToolExecution"/> event.</summary>
    public string? ToolName { get; init; }

    /// <summary>Gets the tool parameters as compact JSON text, when present.</summary>
    public string? Parameters { get; init; }

    /// <summary>Gets whether a tool call succeeded, when known.</summary>
    public bool? Success { get; init; }

    /// <summary>Gets the provider of an <see cref="ExecutionEventKind.LlmInteraction"/> event.</summary>
    public string? Provider { get; init; }

    /// <summary>Gets the model of an <see cref="ExecutionEventKind.LlmInteraction"/> event.</summary>
    public string? Model { get; init; }

    /// <summary>Gets the number of prompt tokens, when known.</summary>
    public long? PromptTokens
    {
        get => _promptTokens < 0 ? null : _promptTokens;
        init => _promptTokens = value is { } v ? (v < 0 ? throw new ArgumentOutOfRangeException(nameof(value), v, "A token count cannot be negative.") : v) : -1;
    }

    /// <summary>Gets the number of completion tokens, when known.</summary>
    public long? CompletionTokens
    {
        get => _completionTokens < 0 ? null : _completionTokens;
        init => _completionTokens = value is { } v ? (v < 0 ? throw new ArgumentOutOfRangeException(nameof(value), v, "A token count cannot be negative.") : v) : -1;
    }

    /// <summary>Gets the total number of tokens, when known.</summary>
    public long? TotalTokens
    {
        get => _totalTokens < 0 ? null : _totalTokens;
        init => _totalTokens = value is { } v ? (v < 0 ? throw new ArgumentOutOfRangeException(nameof(value), v, "A token count cannot be negative.") : v) : -1;
    }

    /// <summary>Gets the number of prompt tokens read from the provider's prompt cache, when known (OpenTelemetry GenAI traces record it).</summary>
    public long? CacheReadTokens
    {
        get => _cacheReadTokens < 0 ? null : _cacheReadTokens;
        init => _cacheReadTokens = value is { } v ? (v < 0 ? throw new ArgumentOutOfRangeException(nameof(value), v, "A token count cannot be negative.") : v) : -1;
    }

    /// <summary>Gets the estimated cost in US dollars, when known.</summary>
    public double? EstimatedCost
    {
        get => double.IsNaN(_estimatedCost) ? null : _estimatedCost;
        init => _estimatedCost = value ?? double.NaN;
    }

    /// <summary>
    /// Gets the top-level scalar fields of a <see cref="ExecutionEventKind.Custom"/> event, as text
    /// (numbers in their JSON spelling, <c>true</c>/<c>false</c>), every name but <c>event</c> and <c>timestamp</c>,
    /// including the names the library knows (<c>task_id</c>, <c>model</c>, <c>duration</c>, …): a custom event is never
    /// left without its fields. Fields holding <see langword="null"/>, an object or an array are left out, and at most the
    /// first 32 fields are kept. Empty for a custom event with no other field; <see langword="null"/> for the known kinds.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Fields { get; init; }
}
