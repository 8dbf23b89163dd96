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
    // Known fields, one bit each, to refuse duplicates.
    private const int FEvent = 1 << 0;
    private const int FTimestamp = 1 << 1;
    private const int FTaskId = 1 << 2;
    private const int FTaskName = 1 << 3;
    private const int FDuration = 1 << 4;
    private const int FError = 1 << 5;
    private const int FErrorType = 1 << 6;
    private const int FTraceback = 1 << 7;
    private const int FToolName = 1 << 8;
    private const int FParameters = 1 << 9;
    private const int FSuccess = 1 << 10;
    private const int FProvider = 1 << 11;
    private const int FModel = 1 << 12;
    private const int FPromptTokens = 1 << 13;
    private const int FCompletionTokens = 1 << 14;
    private const int FTotalTokens = 1 << 15;
    private const int FEstimatedCost = 1 << 16;

    /// <summary>The fields whose value is text: a string, read unescaped.</summary>
    private const int TextFields = FEvent | FTimestamp | FTaskId | FTaskName | FError | FErrorType | FTraceback | FToolName | FProvider | FModel;

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
    private FieldError SetField(ref Draft draft, int field, ValueKind kind, ReadOnlySpan<byte> value, ReadOnlySpan<byte> raw)
    {
        switch (field)
        {
            case FParameters:
                draft.Parameters = Encoding.UTF8.GetString(raw);
                return FieldError.None;
            case FSuccess:
                if (kind is not (ValueKind.True or ValueKind.False))
                {
                    return FieldError.Type;
                }

                draft.Success = kind == ValueKind.True;
                return FieldError.None;
            case FDuration or FEstimatedCost:
                if (kind != ValueKind.Number)
                {
                    return FieldError.Type;
                }

                if (!TryNonNegative(value, out var number))
                {
                    return FieldError.Number;
                }

                if (field == FDuration)
                {
                    draft.Duration = number;
                }
                else
                {
                    draft.Cost = number;
                }

                return FieldError.None;
            case FPromptTokens or FCompletionTokens or FTotalTokens:
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
                    case FPromptTokens:
                        draft.PromptTokens = count;
                        break;
                    case FCompletionTokens:
                        draft.CompletionTokens = count;
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
            case FTimestamp:
                return Iso8601.TryParse(value, _naiveZone, out draft.Timestamp) ? FieldError.None : FieldError.Timestamp;
            case FError:
                draft.Error = Encoding.UTF8.GetString(value);
                return FieldError.None;
            case FTraceback:
                draft.Traceback = Encoding.UTF8.GetString(value);
                return FieldError.None;
        }

        if (HasNameBreakingCharacter(value))
        {
            return FieldError.Control;
        }

        switch (field)
        {
            case FEvent:
                draft.EventName = KnownEventName(value) ?? _names.Get(value);
                break;
            case FTaskId:
                // Task ids are not shared: each is new to the cache, whose slots would keep them alive past a
                // collection or two and so promote them all to an older generation, where they cost far more.
                draft.TaskId = Encoding.UTF8.GetString(value);
                break;
            case FTaskName:
                draft.TaskName = _names.Get(value);
                break;
            case FErrorType:
                draft.ErrorType = _names.Get(value);
                break;
            case FToolName:
                draft.ToolName = _names.Get(value);
                break;
            case FProvider:
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

        if ((draft.Seen & FTimestamp) == 0)
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

    private static int FieldOf(ReadOnlySpan<byte> name) => name.Length switch
    {
        5 when name.SequenceEqual("event"u8) => FEvent,
        5 when name.SequenceEqual("error"u8) => FError,
        5 when name.SequenceEqual("model"u8) => FModel,
        7 when name.SequenceEqual("task_id"u8) => FTaskId,
        7 when name.SequenceEqual("success"u8) => FSuccess,
        8 when name.SequenceEqual("duration"u8) => FDuration,
        8 when name.SequenceEqual("provider"u8) => FProvider,
        9 when name.SequenceEqual("timestamp"u8) => FTimestamp,
        9 when name.SequenceEqual("task_name"u8) => FTaskName,
        9 when name.SequenceEqual("traceback"u8) => FTraceback,
        9 when name.SequenceEqual("tool_name"u8) => FToolName,
        10 when name.SequenceEqual("error_type"u8) => FErrorType,
        10 when name.SequenceEqual("parameters"u8) => FParameters,
        12 when name.SequenceEqual("total_tokens"u8) => FTotalTokens,
        13 when name.SequenceEqual("prompt_tokens"u8) => FPromptTokens,
        14 when name.SequenceEqual("estimated_cost"u8) => FEstimatedCost,
        17 when name.SequenceEqual("completion_tokens"u8) => FCompletionTokens,
        _ => 0,
    };

    private static string FieldName(int field) => field switch
    {
        FEvent => "event",
        FTimestamp => "timestamp",
        FTaskId => "task_id",
        FTaskName => "task_name",
        FDuration => "duration",
        FError => "error",
        FErrorType => "error_type",
        FTraceback => "traceback",
        FToolName => "tool_name",
        FParameters => "parameters",
        FSuccess => "success",
        FProvider => "provider",
        FModel => "model",
        FPromptTokens => "prompt_tokens",
        FCompletionTokens => "completion_tokens",
        FTotalTokens => "total_tokens",
        _ => "estimated_cost",
    };

    /// <summary>The fields read so far from one line.</summary>
    private struct Draft
    {
        public int Seen;
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
