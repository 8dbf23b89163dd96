using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Alpha.Learning.Logs.Internal;

/// <summary>
/// The reader path of <see cref="JsonLineParser"/>: a <see cref="Utf8JsonReader"/> loop that takes any line the fast
/// scanner gave up on (escapes, deep values, errors) and alone says why a line is malformed; also the fields of a
/// custom event.
/// </summary>
internal sealed partial class JsonLineParser
{
    private const int MaxCustomFields = 32;

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

            if (field == EventField.None)
            {
                reader.Skip();
                continue;
            }

            if ((draft.Seen & field) != 0)
            {
                return Fail(MalformedReason.DuplicateProperty, $"The property '{EventFields.Name(field)}' appears more than once.", out reason, out detail);
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
                var name = EventFields.Name(field);
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
    private FieldError SetFieldFromReader(ref Draft draft, EventField field, ref Utf8JsonReader reader, ReadOnlySpan<byte> line)
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
        if (!reader.ValueIsEscaped || (field & EventFields.Text) == 0)
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

    private EventField MatchField(ref Utf8JsonReader reader)
    {
        ReadOnlySpan<byte> name = reader.ValueSpan;
        if (reader.ValueIsEscaped)
        {
            var length = reader.HasValueSequence ? (int)reader.ValueSequence.Length : reader.ValueSpan.Length;
            if (length > _scratch.Length)
            {
                return EventField.None;
            }

            var written = reader.CopyString(_scratch);
            name = _scratch.AsSpan(0, written);
        }

        return EventFields.Of(name);
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
}
