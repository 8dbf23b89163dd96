using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Alpha.Learning.Logs.Internal;

/// <summary>
/// Turns one UTF-8 JSON line into an <see cref="ExecutionEvent"/>, or says why the line is malformed. Every failure is
/// confined to its line. Not thread-safe: one per reader. Two reads share the field setting and the building of the
/// event here: the fast scanner (<c>JsonLineParser.Scanner.cs</c>) and the reader path (<c>JsonLineParser.Reader.cs</c>).
/// </summary>
internal sealed partial class JsonLineParser
{
    private readonly Utf8StringCache _names = new();
    private readonly JsonReaderOptions _readerOptions;
    private readonly TimeZoneInfo? _naiveZone;
    private readonly byte[] _scratch = new byte[1024];

    public JsonLineParser(int maxDepth, TimeZoneInfo? naiveZone)
    {
        _readerOptions = new JsonReaderOptions { MaxDepth = maxDepth, CommentHandling = JsonCommentHandling.Disallow };
        _naiveZone = naiveZone;
    }

    /// <summary>Parses a non-blank line.</summary>
    /// <returns>The event, or <see langword="null"/> with <paramref name="reason"/> and <paramref name="detail"/> set.</returns>
    /// <remarks>
    /// A line is first read by a scanner that knows only well-formed lines without escapes (nearly every line an
    /// agent writes) and gives up on anything else; the <see cref="Utf8JsonReader"/> loop then reads the line again,
    /// and it alone says why a line is malformed. Both set fields through <see cref="SetField"/> and build the event
    /// with <see cref="Build"/>, so an event is the same whichever read it.
    /// </remarks>
    public ExecutionEvent? Parse(ReadOnlySpan<byte> line, out MalformedReason reason, out string detail)
    {
        if (!Utf8.IsValid(line))
        {
            reason = MalformedReason.InvalidUtf8;
            detail = "The line is not valid UTF-8.";
            return null;
        }

        if (TryParseSimple(line) is { } simple)
        {
            reason = default;
            detail = string.Empty;
            return simple;
        }

        return ParseWithReader(line, out reason, out detail);
    }

    /// <summary>Sets a known field from its value: a string's text unescaped, or a number's text; raw is the value as written.</summary>
    private FieldError SetField(ref Draft draft, EventField field, ValueKind kind, ReadOnlySpan<byte> value, ReadOnlySpan<byte> raw)
    {
        switch (field)
        {
            case EventField.Parameters:
                draft.Parameters = Encoding.UTF8.GetString(raw);
                return FieldError.None;
            case EventField.Success:
                if (kind is not (ValueKind.True or ValueKind.False))
                {
                    return FieldError.Type;
                }

                draft.Success = kind == ValueKind.True;
                return FieldError.None;
            case EventField.Duration or EventField.EstimatedCost:
                if (kind != ValueKind.Number)
                {
                    return FieldError.Type;
                }

                if (!TryNonNegative(value, out var number))
                {
                    return FieldError.Number;
                }

                if (field == EventField.Duration)
                {
                    draft.Duration = number;
                }
                else
                {
                    draft.Cost = number;
                }

                return FieldError.None;
            case EventField.PromptTokens or EventField.CompletionTokens or EventField.TotalTokens or EventField.CacheReadTokens:
                if (kind != ValueKind.Number)
                {
                    return FieldError.Type;
                }

                if (!Utf8Parser.TryParse(value, out long count, out var consumed) || consumed != value.Length || count < 0)
                {
                    return FieldError.Number;
                }

                switch (field)
                {
                    case EventField.PromptTokens:
                        draft.PromptTokens = count;
                        break;
                    case EventField.CompletionTokens:
                        draft.CompletionTokens = count;
                        break;
                    case EventField.CacheReadTokens:
                        draft.CacheReadTokens = count;
                        break;
                    default:
                        draft.TotalTokens = count;
                        break;
                }

                return FieldError.None;
        }

        if (kind != ValueKind.String)
        {
            return FieldError.Type;
        }

        switch (field)
        {
            case EventField.Timestamp:
                return Iso8601.TryParse(value, _naiveZone, out draft.Timestamp) ? FieldError.None : FieldError.Timestamp;
            case EventField.Error:
                draft.Error = Encoding.UTF8.GetString(value);
                return FieldError.None;
            case EventField.Traceback:
                draft.Traceback = Encoding.UTF8.GetString(value);
                return FieldError.None;
        }

        if (HasNameBreakingCharacter(value))
        {
            return FieldError.Control;
        }

        switch (field)
        {
            case EventField.Event:
                draft.EventName = KnownEventName(value) ?? _names.Get(value);
                break;
            case EventField.TaskId:
                // Task ids are not shared: each is new to the cache, whose slots would keep them alive past a
                // collection or two and so promote them all to an older generation, where they cost far more.
                draft.TaskId = Encoding.UTF8.GetString(value);
                break;
            case EventField.TaskName:
                draft.TaskName = _names.Get(value);
                break;
            case EventField.ErrorType:
                draft.ErrorType = _names.Get(value);
                break;
            case EventField.ToolName:
                draft.ToolName = _names.Get(value);
                break;
            case EventField.Provider:
                draft.Provider = _names.Get(value);
                break;
            default:
                draft.Model = _names.Get(value);
                break;
        }

        return FieldError.None;
    }

    /// <summary>Parses a JSON number as <see cref="Utf8JsonReader.TryGetDouble(out double)"/> does; finite and non-negative only.</summary>
    private static bool TryNonNegative(ReadOnlySpan<byte> number, out double value)
    {
        var format = number.IndexOfAny((byte)'e', (byte)'E') >= 0 ? 'e' : default;
        return Utf8Parser.TryParse(number, out value, out var consumed, format) && consumed == number.Length
            && double.IsFinite(value) && value >= 0;
    }

    /// <summary>The five known event names, as literals (so KindOf matches them by reference first); null for others.</summary>
    private static string? KnownEventName(ReadOnlySpan<byte> name) => name switch
    {
        _ when name.SequenceEqual("tool_execution"u8) => "tool_execution",
        _ when name.SequenceEqual("llm_interaction"u8) => "llm_interaction",
        _ when name.SequenceEqual("task_start"u8) => "task_start",
        _ when name.SequenceEqual("task_complete"u8) => "task_complete",
        _ when name.SequenceEqual("task_error"u8) => "task_error",
        _ => null,
    };

    /// <summary>Checks the required fields and makes the event.</summary>
    private ExecutionEvent? Build(ref Draft draft, ReadOnlySpan<byte> line, out MalformedReason reason, out string detail)
    {
        if (draft.EventName is null)
        {
            return Fail(MalformedReason.MissingField, "The property 'event' is missing.", out reason, out detail);
        }

        if ((draft.Seen & EventField.Timestamp) == 0)
        {
            return Fail(MalformedReason.MissingField, "The property 'timestamp' is missing.", out reason, out detail);
        }

        var kind = KindOf(draft.EventName);
        var missing = kind switch
        {
            ExecutionEventKind.TaskStart or ExecutionEventKind.TaskComplete or ExecutionEventKind.TaskError when draft.TaskName is null => "task_name",
            ExecutionEventKind.ToolExecution when draft.ToolName is null => "tool_name",
            ExecutionEventKind.LlmInteraction when draft.Model is null => "model",
            _ => null,
        };
        if (missing is not null)
        {
            return Fail(MalformedReason.MissingField, $"The property '{missing}' is missing for a '{draft.EventName}' event.", out reason, out detail);
        }

        reason = default;
        detail = string.Empty;
        return new ExecutionEvent
        {
            Kind = kind,
            EventName = draft.EventName,
            Timestamp = draft.Timestamp,
            TaskId = draft.TaskId,
            TaskName = draft.TaskName,
            Duration = draft.Duration,
            Error = draft.Error,
            ErrorType = draft.ErrorType,
            Traceback = draft.Traceback,
            ToolName = draft.ToolName,
            Parameters = draft.Parameters,
            Success = draft.Success,
            Provider = draft.Provider,
            Model = draft.Model,
            PromptTokens = draft.PromptTokens,
            CompletionTokens = draft.CompletionTokens,
            TotalTokens = draft.TotalTokens,
            CacheReadTokens = draft.CacheReadTokens,
            EstimatedCost = draft.Cost,
            Fields = kind == ExecutionEventKind.Custom ? ReadCustomFields(line) : null, // Known names included: a plugin's event may use them.
        };
    }

    private static ExecutionEvent? Fail(MalformedReason why, string text, out MalformedReason reason, out string detail)
    {
        reason = why;
        detail = text;
        return null;
    }

    private static ExecutionEventKind KindOf(string eventName) => eventName switch
    {
        "task_start" => ExecutionEventKind.TaskStart,
        "task_complete" => ExecutionEventKind.TaskComplete,
        "task_error" => ExecutionEventKind.TaskError,
        "tool_execution" => ExecutionEventKind.ToolExecution,
        "llm_interaction" => ExecutionEventKind.LlmInteraction,
        _ => ExecutionEventKind.Custom,
    };

    /// <summary>The fields read so far from one line.</summary>
    private struct Draft
    {
        public EventField Seen;
        public string? EventName;
        public DateTimeOffset Timestamp;
        public string? TaskId;
        public string? TaskName;
        public string? Error;
        public string? ErrorType;
        public string? Traceback;
        public string? ToolName;
        public string? Parameters;
        public string? Provider;
        public string? Model;
        public double? Duration;
        public double? Cost;
        public long? PromptTokens;
        public long? CompletionTokens;
        public long? TotalTokens;
        public long? CacheReadTokens;
        public bool? Success;
    }

    private enum ValueKind
    {
        String,
        Number,
        True,
        False,
        Null,
        Container,
    }

    private enum FieldError
    {
        None,
        Type,
        Number,
        Control,
        Timestamp,
    }
}
