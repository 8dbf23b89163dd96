namespace Alpha.Learning.Logs.Internal;

/// <summary>The table of <see cref="EventField"/>: a field's JSON name, both ways.</summary>
internal static class EventFields
{
    /// <summary>The fields whose value is text: a string, read unescaped.</summary>
    public const EventField Text = EventField.Event | EventField.Timestamp | EventField.TaskId | EventField.TaskName | EventField.Error
        | EventField.ErrorType | EventField.Traceback | EventField.ToolName | EventField.Provider | EventField.Model;

    /// <summary>The field a JSON property name (UTF-8, unescaped) stands for, or <see cref="EventField.None"/>.</summary>
    public static EventField Of(ReadOnlySpan<byte> name) => name.Length switch
    {
        5 when name.SequenceEqual("event"u8) => EventField.Event,
        5 when name.SequenceEqual("error"u8) => EventField.Error,
        5 when name.SequenceEqual("model"u8) => EventField.Model,
        7 when name.SequenceEqual("task_id"u8) => EventField.TaskId,
        7 when name.SequenceEqual("success"u8) => EventField.Success,
        8 when name.SequenceEqual("duration"u8) => EventField.Duration,
        8 when name.SequenceEqual("provider"u8) => EventField.Provider,
        9 when name.SequenceEqual("timestamp"u8) => EventField.Timestamp,
        9 when name.SequenceEqual("task_name"u8) => EventField.TaskName,
        9 when name.SequenceEqual("traceback"u8) => EventField.Traceback,
        9 when name.SequenceEqual("tool_name"u8) => EventField.ToolName,
        10 when name.SequenceEqual("error_type"u8) => EventField.ErrorType,
        10 when name.SequenceEqual("parameters"u8) => EventField.Parameters,
        12 when name.SequenceEqual("total_tokens"u8) => EventField.TotalTokens,
        13 when name.SequenceEqual("prompt_tokens"u8) => EventField.PromptTokens,
        14 when name.SequenceEqual("estimated_cost"u8) => EventField.EstimatedCost,
        17 when name.SequenceEqual("completion_tokens"u8) => EventField.CompletionTokens,
        17 when name.SequenceEqual("cache_read_tokens"u8) => EventField.CacheReadTokens,
        _ => EventField.None,
    };

    /// <summary>The JSON name of a field.</summary>
    public static string Name(EventField field) => field switch
    {
        EventField.Event => "event",
        EventField.Timestamp => "timestamp",
        EventField.TaskId => "task_id",
        EventField.TaskName => "task_name",
        EventField.Duration => "duration",
        EventField.Error => "error",
        EventField.ErrorType => "error_type",
        EventField.Traceback => "traceback",
        EventField.ToolName => "tool_name",
        EventField.Parameters => "parameters",
        EventField.Success => "success",
        EventField.Provider => "provider",
        EventField.Model => "model",
        EventField.PromptTokens => "prompt_tokens",
        EventField.CompletionTokens => "completion_tokens",
        EventField.TotalTokens => "total_tokens",
        EventField.EstimatedCost => "estimated_cost",
        EventField.CacheReadTokens => "cache_read_tokens",
        _ => field.ToString(),
    };
}
