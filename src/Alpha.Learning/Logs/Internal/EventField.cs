namespace Alpha.Learning.Logs.Internal;

/// <summary>
/// The known fields of an execution-event line (ARCHITECTURE.md's log format), one flag each: the fields a line has
/// shown so far are a set of them, so a duplicate is refused. <see cref="EventFields"/> names them.
/// </summary>
[Flags]
internal enum EventField
{
    /// <summary>Not a known field (a custom event's own field, or an unknown one).</summary>
    None = 0,

    /// <summary><c>event</c>.</summary>
    Event = 1 << 0,

    /// <summary><c>timestamp</c>.</summary>
    Timestamp = 1 << 1,

    /// <summary><c>task_id</c>.</summary>
    TaskId = 1 << 2,

    /// <summary><c>task_name</c>.</summary>
    TaskName = 1 << 3,

    /// <summary><c>duration</c>.</summary>
    Duration = 1 << 4,

    /// <summary><c>error</c>.</summary>
    Error = 1 << 5,

    /// <summary><c>error_type</c>.</summary>
    ErrorType = 1 << 6,

    /// <summary><c>traceback</c>.</summary>
    Traceback = 1 << 7,

    /// <summary><c>tool_name</c>.</summary>
    ToolName = 1 << 8,

    /// <summary><c>parameters</c>.</summary>
    Parameters = 1 << 9,

    /// <summary><c>success</c>.</summary>
    Success = 1 << 10,

    /// <summary><c>provider</c>.</summary>
    Provider = 1 << 11,

    /// <summary><c>model</c>.</summary>
    Model = 1 << 12,

    /// <summary><c>prompt_tokens</c>.</summary>
    PromptTokens = 1 << 13,

    /// <summary><c>completion_tokens</c>.</summary>
    CompletionTokens = 1 << 14,

    /// <summary><c>total_tokens</c>.</summary>
    TotalTokens = 1 << 15,

    /// <summary><c>estimated_cost</c>.</summary>
    EstimatedCost = 1 << 16,

    /// <summary><c>cache_read_tokens</c>.</summary>
    CacheReadTokens = 1 << 17,
}
