using System.Buffers;
using System.Buffers.Text;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Alpha.Learning.Logs.Internal;

/// <summary>
/// Turns one UTF-8 JSON line into an <see cref="ExecutionEvent"/> with a hand-written <see cref="Utf8JsonReader"/>
/// loop, or says why the line is malformed. Every failure is confined to its line. Not thread-safe: one per reader.
/// </summary>
internal sealed class JsonLineParser
{
    private const int MaxCustomFields = 32;

    /// <summary>The deepest nesting inside a field's value that the simple scanner reads (the reader takes deeper).</summary>
    private const int SimpleNesting = 16;

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

    /// <summary>Reads a line (valid UTF-8) with the full reader, which takes any line and says why one is malformed.</summary>
    internal ExecutionEvent? ParseWithReader(ReadOnlySpan<byte> line, out MalformedReason reason, out string detail)
    {
        var reader = new Utf8JsonReader(line, isFinalBlock: true, new JsonReaderState(_readerOptions));
        try
        {
            return ParseObject(ref reader, line, out reason, out detail);
        }
        catch (JsonException)
        {
            if (reader.CurrentDepth >= _readerOptions.MaxDepth - 1)
            {
                reason = MalformedReason.TooDeep;
                detail = $"The JSON nests deeper than {_readerOptions.MaxDepth} levels.";
            }
            else if (HasRawControlCharacter(line))
            {
                reason = MalformedReason.ControlCharacter;
                detail = "The line holds a raw control character.";
            }
            else
            {
                reason = MalformedReason.InvalidJson;
                detail = $"The line is not valid JSON (at byte {reader.BytesConsumed}).";
            }

            return null;
        }
        catch (InvalidOperationException)
        {
            // CopyString refuses an escaped lone surrogate ("\ud800"): valid JSON, but not text.
            reason = MalformedReason.InvalidJson;
            detail = "The line holds an escaped string that is not valid Unicode (a lone surrogate).";
            return null;
        }
    }

    /// <summary>
    /// Reads a well-formed object line whose strings hold no escape, with every field valid; <see langword="null"/>
    /// for anything else (the full reader then reads the line, and says what is wrong with it).
    /// </summary>
    /// <remarks>
    /// Accepts only what <see cref="Utf8JsonReader"/> accepts (the JSON grammar, nesting well inside the depth limit),
    /// so that a line is never read as an event here and as malformed there.
    /// </remarks>
    internal ExecutionEvent? TryParseSimple(ReadOnlySpan<byte> line)
    {
        var i = SkipWhitespace(line, 0);
        if (i >= line.Length || line[i] != (byte)'{')
        {
            return null;
        }

        var nesting = Math.Min(_readerOptions.MaxDepth - 2, SimpleNesting);
        var draft = default(Draft);
        i = SkipWhitespace(line, i + 1);
        while (true)
        {
            if (i >= line.Length || line[i] != (byte)'"')
            {
                return null; // Also an empty object: it lacks the required fields.
            }

            var nameEnd = StringEnd(line, i + 1);
            if (nameEnd < 0)
            {
                return null;
            }

            var field = FieldOf(line[(i + 1)..nameEnd]);
            i = SkipWhitespace(line, nameEnd + 1);
            if (i >= line.Length || line[i] != (byte)':')
            {
                return null;
            }

            var start = SkipWhitespace(line, i + 1);
            var end = ValueEnd(line, start, nesting);
            if (end < 0)
            {
                return null;
            }

            // An unknown field (field 0) is kept out of the way: a custom event's fields are read from the line at the end.
            if (field != 0 && (draft.Seen & field) != 0)
            {
                return null;
            }
            else if (field != 0 && KindAt(line[start]) is var kind and not ValueKind.Null)
            {
                var raw = line[start..end];
                if (SetField(ref draft, field, kind, kind == ValueKind.String ? raw[1..^1] : raw, raw) != FieldError.None)
                {
                    return null;
                }

                draft.Seen |= field;
            }

            i = SkipWhitespace(line, end);
            if (i >= line.Length)
            {
                return null;
            }

            if (line[i] == (byte)',')
            {
                i = SkipWhitespace(line, i + 1);
                continue;
            }

            if (line[i] != (byte)'}' || SkipWhitespace(line, i + 1) != line.Length)
            {
                return null;
            }

            return Build(ref draft, line, out _, out _);
        }
    }

    private ExecutionEvent? ParseObject(ref Utf8JsonReader reader, ReadOnlySpan<byte> line, out MalformedReason reason, out string detail)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            // Let a broken value be reported as invalid JSON rather than "not an object".
            if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.String or JsonTokenType.Number
                or JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null)
            {
                reader.Skip();
                while (reader.Read())
                {
                }

                return Fail(MalformedReason.NotAnObject, "The line is a JSON value but not an object.", out reason, out detail);
            }

            return Fail(MalformedReason.InvalidJson, "The line is not valid JSON.", out reason, out detail);
        }

        var draft = default(Draft);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            var field = MatchField(ref reader);
            if (!reader.Read())
            {
                return Fail(MalformedReason.InvalidJson, "The line ends inside an object.", out reason, out detail);
            }

            if (field == 0)
            {
                reader.Skip();
                continue;
            }

            if ((draft.Seen & field) != 0)
            {
                return Fail(MalformedReason.DuplicateProperty, $"The property '{FieldName(field)}' appears more than once.", out reason, out detail);
            }

            // An explicit null is the same as an absent optional field; required fields are checked by Build.
            if (reader.TokenType == JsonTokenType.Null)
            {
                continue;
            }

            draft.Seen |= field;
            var error = SetFieldFromReader(ref draft, field, ref reader, line);
            if (error != FieldError.None)
            {
                var name = FieldName(field);
                return error switch
                {
                    FieldError.Type => Fail(MalformedReason.InvalidFieldType, $"The property '{name}' has the wrong JSON type.", out reason, out detail),
                    FieldError.Number => Fail(MalformedReason.InvalidNumber, $"The property '{name}' is not a finite, non-negative number in range.", out reason, out detail),
                    FieldError.Control => Fail(MalformedReason.ControlCharacter, $"The property '{name}' holds a control or line-separator character.", out reason, out detail),
                    _ => Fail(MalformedReason.InvalidTimestamp, $"The property '{name}' is not an ISO 8601 date and time.", out reason, out detail),
                };
            }
        }

        // Anything after the object (a second value) makes the reader throw here.
        while (reader.Read())
        {
        }

        return Build(ref draft, line, out reason, out detail);
    }

    /// <summary>Sets a field from the reader's current value (a string unescaped first).</summary>
    private FieldError SetFieldFromReader(ref Draft draft, int field, ref Utf8JsonReader reader, ReadOnlySpan<byte> line)
    {
        var kind = reader.TokenType switch
        {
            JsonTokenType.String => ValueKind.String,
            JsonTokenType.Number => ValueKind.Number,
            JsonTokenType.True => ValueKind.True,
            JsonTokenType.False => ValueKind.False,
            _ => ValueKind.Container,
        };

        // TokenStartIndex is the first byte of the value (the quote of a string); Skip moves past a nested value.
        var start = (int)reader.TokenStartIndex;
        if (kind != ValueKind.String)
        {
            var value = reader.ValueSpan;
            reader.Skip();
            return SetField(ref draft, field, kind, value, line[start..(int)reader.BytesConsumed]);
        }

        // Only a text field needs its string unescaped: parameters keep the raw text, and a string where a number or
        // a boolean belongs is of the wrong type whatever it holds (even an escaped lone surrogate).
        if (!reader.ValueIsEscaped || (field & TextFields) == 0)
        {
            return SetField(ref draft, field, kind, reader.ValueSpan, line[start..(int)reader.BytesConsumed]);
        }

        var length = reader.ValueSpan.Length;
        byte[]? rented = null;
        var buffer = length <= _scratch.Length ? _scratch : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var unescaped = buffer.AsSpan(0, reader.CopyString(buffer));
            return SetField(ref draft, field, kind, unescaped, line[start..(int)reader.BytesConsumed]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
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

    private int MatchField(ref Utf8JsonReader reader)
    {
        ReadOnlySpan<byte> name = reader.ValueSpan;
        if (reader.ValueIsEscaped)
        {
            var length = reader.HasValueSequence ? (int)reader.ValueSequence.Length : reader.ValueSpan.Length;
            if (length > _scratch.Length)
            {
                return 0;
            }

            var written = reader.CopyString(_scratch);
            name = _scratch.AsSpan(0, written);
        }

        return FieldOf(name);
    }

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

    private static ValueKind KindAt(byte first) => first switch
    {
        (byte)'"' => ValueKind.String,
        (byte)'t' => ValueKind.True,
        (byte)'f' => ValueKind.False,
        (byte)'n' => ValueKind.Null,
        (byte)'{' or (byte)'[' => ValueKind.Container,
        _ => ValueKind.Number,
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipWhitespace(ReadOnlySpan<byte> line, int i)
    {
        // Compact lines have none: one comparison, inlined.
        return (uint)i < (uint)line.Length && line[i] > (byte)' ' ? i : SkipWhitespaceSlow(line, i);
    }

    private static int SkipWhitespaceSlow(ReadOnlySpan<byte> line, int i)
    {
        while (i < line.Length && line[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }

        return i;
    }

    /// <summary>The index of the quote that ends a string whose text starts at <paramref name="from"/>; -1 at an escape, a raw control byte or the end.</summary>
    private static int StringEnd(ReadOnlySpan<byte> line, int from)
    {
        // Sixteen bytes a step: most strings in a log line end within the first step.
        var i = from;
        if (Vector128.IsHardwareAccelerated)
        {
            ref var first = ref MemoryMarshal.GetReference(line);
            while (i <= line.Length - Vector128<byte>.Count)
            {
                var bytes = Vector128.LoadUnsafe(ref first, (nuint)i);
                var stops = Vector128.Equals(bytes, Vector128.Create((byte)'"'))
                    | Vector128.Equals(bytes, Vector128.Create((byte)'\\'))
                    | Vector128.LessThan(bytes, Vector128.Create((byte)0x20));
                var mask = stops.ExtractMostSignificantBits();
                if (mask != 0)
                {
                    var at = i + BitOperations.TrailingZeroCount(mask);
                    return line[at] == (byte)'"' ? at : -1;
                }

                i += Vector128<byte>.Count;
            }
        }

        for (; i < line.Length; i++)
        {
            var b = line[i];
            if (b == (byte)'"')
            {
                return i;
            }

            if (b == (byte)'\\' || b < 0x20)
            {
                return -1;
            }
        }

        return -1;
    }

    /// <summary>The index after a JSON value at <paramref name="i"/> holding at most <paramref name="nesting"/> levels of containers; -1 if it is not one.</summary>
    private static int ValueEnd(ReadOnlySpan<byte> line, int i, int nesting)
    {
        if (i >= line.Length)
        {
            return -1;
        }

        switch (line[i])
        {
            case (byte)'"':
                var end = StringEnd(line, i + 1);
                return end < 0 ? -1 : end + 1;
            case (byte)'{' or (byte)'[':
                return nesting <= 0 ? -1 : ContainerEnd(line, i, nesting - 1);
            case (byte)'t':
                return line[i..].StartsWith("true"u8) ? i + 4 : -1;
            case (byte)'f':
                return line[i..].StartsWith("false"u8) ? i + 5 : -1;
            case (byte)'n':
                return line[i..].StartsWith("null"u8) ? i + 4 : -1;
            default:
                return NumberEnd(line, i);
        }
    }

    private static int ContainerEnd(ReadOnlySpan<byte> line, int i, int nesting)
    {
        var close = line[i] == (byte)'{' ? (byte)'}' : (byte)']';
        i = SkipWhitespace(line, i + 1);
        if (i < line.Length && line[i] == close)
        {
            return i + 1;
        }

        while (true)
        {
            if (close == (byte)'}')
            {
                if (i >= line.Length || line[i] != (byte)'"')
                {
                    return -1;
                }

                var nameEnd = StringEnd(line, i + 1);
                if (nameEnd < 0)
                {
                    return -1;
                }

                i = SkipWhitespace(line, nameEnd + 1);
                if (i >= line.Length || line[i] != (byte)':')
                {
                    return -1;
                }

                i = SkipWhitespace(line, i + 1);
            }

            i = ValueEnd(line, i, nesting);
            if (i < 0)
            {
                return -1;
            }

            i = SkipWhitespace(line, i);
            if (i >= line.Length)
            {
                return -1;
            }

            if (line[i] == (byte)',')
            {
                i = SkipWhitespace(line, i + 1);
                continue;
            }

            return line[i] == close ? i + 1 : -1;
        }
    }

    /// <summary>The index after a JSON number at <paramref name="i"/> (<c>-?(0|[1-9]d*)(.d+)?([eE][+-]?d+)?</c>); -1 if there is none.</summary>
    private static int NumberEnd(ReadOnlySpan<byte> line, int i)
    {
        if (i < line.Length && line[i] == (byte)'-')
        {
            i++;
        }

        if (i >= line.Length || !char.IsAsciiDigit((char)line[i]))
        {
            return -1;
        }

        i = line[i] == (byte)'0' ? i + 1 : Digits(line, i);
        if (i < line.Length && line[i] == (byte)'.')
        {
            var fraction = Digits(line, i + 1);
            if (fraction == i + 1)
            {
                return -1;
            }

            i = fraction;
        }

        if (i < line.Length && line[i] is (byte)'e' or (byte)'E')
        {
            i++;
            if (i < line.Length && line[i] is (byte)'+' or (byte)'-')
            {
                i++;
            }

            var exponent = Digits(line, i);
            if (exponent == i)
            {
                return -1;
            }

            i = exponent;
        }

        return i;
    }

    private static int Digits(ReadOnlySpan<byte> line, int i)
    {
        while (i < line.Length && char.IsAsciiDigit((char)line[i]))
        {
            i++;
        }

        return i;
    }

    private static bool HasNameBreakingCharacter(ReadOnlySpan<byte> utf8)
    {
        // Printable ASCII throughout (nearly every name): nothing to look at byte by byte.
        if (!utf8.ContainsAnyExceptInRange((byte)0x20, (byte)0x7E))
        {
            return false;
        }

        for (var i = 0; i < utf8.Length; i++)
        {
            var b = utf8[i];
            if (b < 0x20 || b == 0x7F)
            {
                return true;
            }

            // U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR (E2 80 A8/A9), U+0085 NEXT LINE (C2 85).
            if ((b == 0xE2 && i + 2 < utf8.Length && utf8[i + 1] == 0x80 && utf8[i + 2] is 0xA8 or 0xA9)
                || (b == 0xC2 && i + 1 < utf8.Length && utf8[i + 1] == 0x85))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasRawControlCharacter(ReadOnlySpan<byte> line)
    {
        foreach (var b in line)
        {
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\r'))
            {
                return true;
            }
        }

        return false;
    }

    private Dictionary<string, string>? ReadCustomFields(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line, isFinalBlock: true, new JsonReaderState(_readerOptions));
        reader.Read();
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    if (fields.Count < MaxCustomFields && name is not ("event" or "timestamp"))
                    {
                        fields.TryAdd(name, reader.GetString()!);
                    }

                    break;
                case JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False:
                    if (fields.Count < MaxCustomFields)
                    {
                        fields.TryAdd(name, Encoding.UTF8.GetString(reader.ValueSpan));
                    }

                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return fields;
    }

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
