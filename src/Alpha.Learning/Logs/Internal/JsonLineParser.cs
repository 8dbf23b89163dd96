using System.Buffers;
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
    public ExecutionEvent? Parse(ReadOnlySpan<byte> line, out MalformedReason reason, out string detail)
    {
        if (!Utf8.IsValid(line))
        {
            reason = MalformedReason.InvalidUtf8;
            detail = "The line is not valid UTF-8.";
            return null;
        }

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
            // GetString and CopyString refuse an escaped lone surrogate ("\ud800"): valid JSON, but not text.
            reason = MalformedReason.InvalidJson;
            detail = "The line holds an escaped string that is not valid Unicode (a lone surrogate).";
            return null;
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

        var seen = 0;
        string? eventName = null;
        var timestamp = default(DateTimeOffset);
        string? taskId = null, taskName = null, error = null, errorType = null, traceback = null;
        string? toolName = null, parameters = null, provider = null, model = null;
        double? duration = null, cost = null;
        long? promptTokens = null, completionTokens = null, totalTokens = null;
        bool? success = null;
        var hasUnknown = false;

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
                hasUnknown = true;
                reader.Skip();
                continue;
            }

            if ((seen & field) != 0)
            {
                return Fail(MalformedReason.DuplicateProperty, $"The property '{FieldName(field)}' appears more than once.", out reason, out detail);
            }

            seen |= field;
            if (reader.TokenType == JsonTokenType.Null)
            {
                // An explicit null is the same as an absent optional field; required fields are checked below.
                seen &= ~field;
                continue;
            }

            var ok = field switch
            {
                FEvent => TryEventName(ref reader, out eventName),
                FTimestamp => TryTimestamp(ref reader, out timestamp),
                FTaskId => TryName(ref reader, out taskId, shared: false),
                FTaskName => TryName(ref reader, out taskName),
                FErrorType => TryName(ref reader, out errorType),
                FToolName => TryName(ref reader, out toolName),
                FProvider => TryName(ref reader, out provider),
                FModel => TryName(ref reader, out model),
                FError => TryText(ref reader, out error),
                FTraceback => TryText(ref reader, out traceback),
                FDuration => TryNonNegative(ref reader, out duration),
                FEstimatedCost => TryNonNegative(ref reader, out cost),
                FPromptTokens => TryCount(ref reader, out promptTokens),
                FCompletionTokens => TryCount(ref reader, out completionTokens),
                FTotalTokens => TryCount(ref reader, out totalTokens),
                FSuccess => TryBool(ref reader, out success),
                FParameters => TryRaw(ref reader, line, out parameters),
                _ => FieldError.None,
            };

            if (ok != FieldError.None)
            {
                var name = FieldName(field);
                return ok switch
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

        if ((seen & FEvent) == 0 || eventName is null)
        {
            return Fail(MalformedReason.MissingField, "The property 'event' is missing.", out reason, out detail);
        }

        if ((seen & FTimestamp) == 0)
        {
            return Fail(MalformedReason.MissingField, "The property 'timestamp' is missing.", out reason, out detail);
        }

        var kind = KindOf(eventName);
        var missing = kind switch
        {
            ExecutionEventKind.TaskStart or ExecutionEventKind.TaskComplete or ExecutionEventKind.TaskError when taskName is null => "task_name",
            ExecutionEventKind.ToolExecution when toolName is null => "tool_name",
            ExecutionEventKind.LlmInteraction when model is null => "model",
            _ => null,
        };
        if (missing is not null)
        {
            return Fail(MalformedReason.MissingField, $"The property '{missing}' is missing for a '{eventName}' event.", out reason, out detail);
        }

        reason = default;
        detail = string.Empty;
        return new ExecutionEvent
        {
            Kind = kind,
            EventName = eventName,
            Timestamp = timestamp,
            TaskId = taskId,
            TaskName = taskName,
            Duration = duration,
            Error = error,
            ErrorType = errorType,
            Traceback = traceback,
            ToolName = toolName,
            Parameters = parameters,
            Success = success,
            Provider = provider,
            Model = model,
            PromptTokens = promptTokens,
            CompletionTokens = completionTokens,
            TotalTokens = totalTokens,
            EstimatedCost = cost,
            Fields = kind == ExecutionEventKind.Custom && hasUnknown ? ReadCustomFields(line) : null,
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

        return name.Length switch
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
    }

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

    private FieldError TryEventName(ref Utf8JsonReader reader, out string? value)
    {
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped)
        {
            // The five known names (literals, so KindOf matches them by reference first): no cache look-up.
            value = reader.ValueSpan switch
            {
                var name when name.SequenceEqual("tool_execution"u8) => "tool_execution",
                var name when name.SequenceEqual("llm_interaction"u8) => "llm_interaction",
                var name when name.SequenceEqual("task_start"u8) => "task_start",
                var name when name.SequenceEqual("task_complete"u8) => "task_complete",
                var name when name.SequenceEqual("task_error"u8) => "task_error",
                _ => null,
            };
            if (value is not null)
            {
                return FieldError.None;
            }
        }

        return TryName(ref reader, out value);
    }

    /// <summary>Reads a name; a <paramref name="shared"/> one comes from the cache of names that repeat.</summary>
    /// <remarks>
    /// Task ids are not shared: each is new to the cache, whose slots would keep them alive past a collection or two
    /// and so promote them all to an older generation, where they cost far more than their allocation here.
    /// </remarks>
    private FieldError TryName(ref Utf8JsonReader reader, out string? value, bool shared = true)
    {
        value = null;
        if (reader.TokenType != JsonTokenType.String)
        {
            return FieldError.Type;
        }

        ReadOnlySpan<byte> bytes = reader.ValueSpan;
        byte[]? rented = null;
        if (reader.ValueIsEscaped)
        {
            var length = reader.ValueSpan.Length;
            var buffer = length <= _scratch.Length ? _scratch : (rented = ArrayPool<byte>.Shared.Rent(length));
            bytes = buffer.AsSpan(0, reader.CopyString(buffer));
        }

        try
        {
            if (HasNameBreakingCharacter(bytes))
            {
                return FieldError.Control;
            }

            value = shared ? _names.Get(bytes) : Encoding.UTF8.GetString(bytes);
            return FieldError.None;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static FieldError TryText(ref Utf8JsonReader reader, out string? value)
    {
        value = null;
        if (reader.TokenType != JsonTokenType.String)
        {
            return FieldError.Type;
        }

        value = reader.GetString();
        return FieldError.None;
    }

    private FieldError TryTimestamp(ref Utf8JsonReader reader, out DateTimeOffset value)
    {
        value = default;
        if (reader.TokenType != JsonTokenType.String)
        {
            return FieldError.Type;
        }

        ReadOnlySpan<byte> bytes = reader.ValueSpan;
        if (reader.ValueIsEscaped)
        {
            if (bytes.Length > _scratch.Length)
            {
                return FieldError.Timestamp;
            }

            bytes = _scratch.AsSpan(0, reader.CopyString(_scratch));
        }

        return Iso8601.TryParse(bytes, _naiveZone, out value) ? FieldError.None : FieldError.Timestamp;
    }

    private static FieldError TryNonNegative(ref Utf8JsonReader reader, out double? value)
    {
        value = null;
        if (reader.TokenType != JsonTokenType.Number)
        {
            return FieldError.Type;
        }

        if (!reader.TryGetDouble(out var number) || !double.IsFinite(number) || number < 0)
        {
            return FieldError.Number;
        }

        value = number;
        return FieldError.None;
    }

    private static FieldError TryCount(ref Utf8JsonReader reader, out long? value)
    {
        value = null;
        if (reader.TokenType != JsonTokenType.Number)
        {
            return FieldError.Type;
        }

        if (!reader.TryGetInt64(out var number) || number < 0)
        {
            return FieldError.Number;
        }

        value = number;
        return FieldError.None;
    }

    private static FieldError TryBool(ref Utf8JsonReader reader, out bool? value)
    {
        value = reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            _ => null,
        };
        return value is null ? FieldError.Type : FieldError.None;
    }

    private static FieldError TryRaw(ref Utf8JsonReader reader, ReadOnlySpan<byte> line, out string? value)
    {
        // TokenStartIndex is the first byte of the value (the quote of a string); Skip moves past a nested value.
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        value = Encoding.UTF8.GetString(line[start..(int)reader.BytesConsumed]);
        return FieldError.None;
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

    private enum FieldError
    {
        None,
        Type,
        Number,
        Control,
        Timestamp,
    }
}
