using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Alpha.Learning.Logs.Internal;

namespace Alpha.Learning.Logs.Otlp.Internal;

/// <summary>Receives the spans of a document, one at a time, in a <see cref="GenAiSpan"/> reused between calls.</summary>
internal interface ISpanSink
{
    /// <summary>A usable span.</summary>
    void Span(GenAiSpan span, SpanRole role);

    /// <summary>A span that cannot be used, and why.</summary>
    void Skipped(MalformedReason reason, string detail);
}

/// <summary>
/// Reads one OTLP JSON <c>TracesData</c> document (<c>resourceSpans</c> → <c>scopeSpans</c> → <c>spans</c>) with a
/// <see cref="Utf8JsonReader"/> over its bytes: ids in hex or base64, 64-bit integers as strings or numbers, enums as
/// integers or names, unknown fields skipped. Only the attributes the GenAI mapping knows are kept.
/// </summary>
internal sealed class OtlpDocumentParser(int maxDepth)
{
    private readonly Utf8StringCache _names = new(1024);
    private readonly GenAiSpan _span = new();

    /// <summary>Parses a document; returns the number of spans seen, or -1 when the document itself is malformed.</summary>
    public long Parse(ReadOnlySpan<byte> document, ISpanSink sink, out MalformedReason reason, out string detail)
    {
        reason = default;
        detail = string.Empty;
        long spans = 0;
        var reader = new Utf8JsonReader(document, new JsonReaderOptions { MaxDepth = maxDepth, CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                reason = MalformedReason.NotAnObject;
                detail = "The OTLP document is not a JSON object.";
                return -1;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("resourceSpans"u8) || reader.ValueTextEquals("resource_spans"u8))
                {
                    reader.Read();
                    spans += ForEachObject(ref reader, sink, static (OtlpDocumentParser self, ref Utf8JsonReader r, ISpanSink s) => self.ResourceSpans(ref r, s));
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            return spans;
        }
        catch (JsonException)
        {
            reason = reader.CurrentDepth >= maxDepth - 1 ? MalformedReason.TooDeep : MalformedReason.InvalidJson;
            detail = $"The OTLP document is not valid JSON (byte {reader.BytesConsumed}).";
            return -1;
        }
        catch (InvalidOperationException)
        {
            reason = MalformedReason.InvalidFieldType;
            detail = $"The OTLP document has a field of the wrong JSON type (byte {reader.BytesConsumed}).";
            return -1;
        }
    }

    private delegate long ObjectReader(OtlpDocumentParser self, ref Utf8JsonReader reader, ISpanSink sink);

    /// <summary>Calls <paramref name="read"/> on every object of an array (the reader on the array's start); a non-array is skipped.</summary>
    private long ForEachObject(ref Utf8JsonReader reader, ISpanSink sink, ObjectReader read)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return 0;
        }

        long count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                count += read(this, ref reader, sink);
            }
            else
            {
                reader.Skip();
            }
        }

        return count;
    }

    private long ResourceSpans(ref Utf8JsonReader reader, ISpanSink sink)
    {
        long count = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isScopes = reader.ValueTextEquals("scopeSpans"u8) || reader.ValueTextEquals("scope_spans"u8) || reader.ValueTextEquals("instrumentationLibrarySpans"u8);
            reader.Read();
            if (isScopes)
            {
                count += ForEachObject(ref reader, sink, static (OtlpDocumentParser self, ref Utf8JsonReader r, ISpanSink s) => self.ScopeSpans(ref r, s));
            }
            else
            {
                reader.Skip();
            }
        }

        return count;
    }

    private long ScopeSpans(ref Utf8JsonReader reader, ISpanSink sink)
    {
        long count = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isSpans = reader.ValueTextEquals("spans"u8);
            reader.Read();
            if (isSpans)
            {
                count += ForEachObject(ref reader, sink, static (OtlpDocumentParser self, ref Utf8JsonReader r, ISpanSink s) => self.OneSpan(ref r, s));
            }
            else
            {
                reader.Skip();
            }
        }

        return count;
    }

    /// <summary>Reads a span object and hands it to the sink; an unusable span is reported, never thrown.</summary>
    private long OneSpan(ref Utf8JsonReader reader, ISpanSink sink)
    {
        var span = _span;
        span.Reset();
        string? problem = null;
        var problemReason = MalformedReason.InvalidFieldType;
        bool hasTrace = false, hasSpan = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = Field(ref reader);
            reader.Read();
            switch (field)
            {
                case SpanField.TraceId:
                    if (TryId(ref reader, 16, out var hi, out var lo))
                    {
                        span.TraceHi = hi;
                        span.TraceLo = lo;
                        hasTrace = (hi | lo) != 0;
                    }
                    else
                    {
                        problem ??= "The span's traceId is not 16 bytes of hex or base64.";
                    }

                    break;
                case SpanField.SpanId:
                    if (TryId(ref reader, 8, out _, out var id))
                    {
                        span.SpanId = id;
                        hasSpan = id != 0;
                    }
                    else
                    {
                        problem ??= "The span's spanId is not 8 bytes of hex or base64.";
                    }

                    break;
                case SpanField.ParentSpanId:
                    if (reader.TokenType == JsonTokenType.Null || (reader.TokenType == JsonTokenType.String && reader.ValueSpan.IsEmpty))
                    {
                        span.ParentSpanId = 0;
                    }
                    else if (TryId(ref reader, 8, out _, out var parent))
                    {
                        span.ParentSpanId = parent;
                    }
                    else
                    {
                        problem ??= "The span's parentSpanId is not 8 bytes of hex or base64.";
                    }

                    break;
                case SpanField.Name:
                    span.Name = reader.TokenType == JsonTokenType.String ? Name(ref reader) : null;
                    break;
                case SpanField.Start:
                    if (TryUInt64(ref reader, out var start))
                    {
                        span.StartUnixNanos = start;
                    }
                    else
                    {
                        problem ??= "The span's startTimeUnixNano is not a non-negative 64-bit integer.";
                        problemReason = MalformedReason.InvalidTimestamp;
                    }

                    break;
                case SpanField.End:
                    if (TryUInt64(ref reader, out var end))
                    {
                        span.EndUnixNanos = end;
                    }
                    else
                    {
                        problem ??= "The span's endTimeUnixNano is not a non-negative 64-bit integer.";
                        problemReason = MalformedReason.InvalidTimestamp;
                    }

                    break;
                case SpanField.Attributes:
                    Attributes(ref reader, span, exception: false);
                    break;
                case SpanField.Events:
                    Events(ref reader, span);
                    break;
                case SpanField.Status:
                    Status(ref reader, span);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (problem is not null)
        {
            sink.Skipped(problemReason, problem);
            return 1;
        }

        if (!hasTrace || !hasSpan)
        {
            sink.Skipped(MalformedReason.MissingField, hasTrace ? "The span has no spanId." : "The span has no traceId.");
            return 1;
        }

        var role = GenAiSpanMapper.Classify(span);
        if (span.StartUnixNanos < 0 || span.EndUnixNanos < 0)
        {
            // Any span links its children; only one without both times cannot be placed in time.
            sink.Skipped(MalformedReason.MissingField, "The span has no startTimeUnixNano or endTimeUnixNano.");
            return 1;
        }

        if (span.EndUnixNanos < span.StartUnixNanos)
        {
            sink.Skipped(MalformedReason.InvalidTimestamp, "The span ends before it starts.");
            return 1;
        }

        if (GenAiSpanMapper.Unusable(span, role) is { } why)
        {
            sink.Skipped(MalformedReason.MissingField, why);
            return 1;
        }

        sink.Span(span, role);
        return 1;
    }

    private enum SpanField
    {
        Other,
        TraceId,
        SpanId,
        ParentSpanId,
        Name,
        Start,
        End,
        Attributes,
        Events,
        Status,
    }

    private static SpanField Field(ref Utf8JsonReader reader) => reader.ValueSpan.Length switch
    {
        _ when reader.ValueTextEquals("traceId"u8) || reader.ValueTextEquals("trace_id"u8) => SpanField.TraceId,
        _ when reader.ValueTextEquals("spanId"u8) || reader.ValueTextEquals("span_id"u8) => SpanField.SpanId,
        _ when reader.ValueTextEquals("parentSpanId"u8) || reader.ValueTextEquals("parent_span_id"u8) => SpanField.ParentSpanId,
        _ when reader.ValueTextEquals("name"u8) => SpanField.Name,
        _ when reader.ValueTextEquals("startTimeUnixNano"u8) || reader.ValueTextEquals("start_time_unix_nano"u8) => SpanField.Start,
        _ when reader.ValueTextEquals("endTimeUnixNano"u8) || reader.ValueTextEquals("end_time_unix_nano"u8) => SpanField.End,
        _ when reader.ValueTextEquals("attributes"u8) => SpanField.Attributes,
        _ when reader.ValueTextEquals("events"u8) => SpanField.Events,
        _ when reader.ValueTextEquals("status"u8) => SpanField.Status,
        _ => SpanField.Other,
    };

    /// <summary>Reads the <c>attributes</c> array: known keys into the span (or the exception fields), the rest skipped.</summary>
    private void Attributes(ref Utf8JsonReader reader, GenAiSpan span, bool exception)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            var key = GenAiKey.None;
            var exceptionField = 0;
            var valueRead = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("key"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        if (exception)
                        {
                            exceptionField = reader.ValueTextEquals("exception.type"u8) ? 1 : reader.ValueTextEquals("exception.message"u8) ? 2 : reader.ValueTextEquals("exception.stacktrace"u8) ? 3 : 0;
                        }
                        else
                        {
                            key = reader.ValueIsEscaped ? GenAiKeys.Lookup(Encoding.UTF8.GetBytes(reader.GetString()!)) : GenAiKeys.Lookup(reader.ValueSpan);
                        }
                    }

                    continue;
                }

                var isValue = reader.ValueTextEquals("value"u8);
                reader.Read();

                // The key comes first in every encoder's output; a value before its key is read only once the key is known.
                if (!isValue || (key == GenAiKey.None && exceptionField == 0) || valueRead)
                {
                    reader.Skip();
                    continue;
                }

                valueRead = true;
                if (exception)
                {
                    var text = AnyValueText(ref reader);
                    switch (exceptionField)
                    {
                        case 1:
                            span.ExceptionType = text;
                            break;
                        case 2:
                            span.ExceptionMessage = text;
                            break;
                        case 3:
                            span.ExceptionStacktrace = text;
                            break;
                    }
                }
                else
                {
                    AnyValue(ref reader, span, key);
                }
            }
        }
    }

    /// <summary>Reads an <c>AnyValue</c> object into the span under <paramref name="key"/>.</summary>
    private void AnyValue(ref Utf8JsonReader reader, GenAiSpan span, GenAiKey key)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("stringValue"u8) || reader.ValueTextEquals("string_value"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    span.SetText(key, IsName(key) ? Name(ref reader) : reader.GetString()!);
                }
            }
            else if (reader.ValueTextEquals("intValue"u8) || reader.ValueTextEquals("int_value"u8) || reader.ValueTextEquals("doubleValue"u8) || reader.ValueTextEquals("double_value"u8))
            {
                reader.Read();
                if (TryNumber(ref reader, out var number))
                {
                    span.SetNumber(key, number);
                }
            }
            else if (reader.ValueTextEquals("boolValue"u8) || reader.ValueTextEquals("bool_value"u8))
            {
                reader.Read();
                if (reader.TokenType is JsonTokenType.True or JsonTokenType.False)
                {
                    span.SetText(key, reader.TokenType == JsonTokenType.True ? "true" : "false");
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static string? AnyValueText(ref Utf8JsonReader reader)
    {
        string? text = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isString = reader.ValueTextEquals("stringValue"u8) || reader.ValueTextEquals("string_value"u8);
            reader.Read();
            if (isString && reader.TokenType == JsonTokenType.String)
            {
                text = reader.GetString();
            }
            else
            {
                reader.Skip();
            }
        }

        return text;
    }

    /// <summary>Reads the span's <c>events</c>: only the <c>exception</c> event's attributes are kept.</summary>
    private void Events(ref Utf8JsonReader reader, GenAiSpan span)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            // The name may follow the attributes: read them aside, keep them if the event is an exception.
            var scratch = new GenAiSpan();
            var isException = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("name"u8))
                {
                    reader.Read();
                    isException = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("exception"u8);
                }
                else if (reader.ValueTextEquals("attributes"u8))
                {
                    reader.Read();
                    Attributes(ref reader, scratch, exception: true);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (isException)
            {
                span.ExceptionType ??= scratch.ExceptionType;
                span.ExceptionMessage ??= scratch.ExceptionMessage;
                span.ExceptionStacktrace ??= scratch.ExceptionStacktrace;
            }
        }
    }

    private static void Status(ref Utf8JsonReader reader, GenAiSpan span)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("code"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var code))
                {
                    span.Status = code switch { 1 => SpanStatus.Ok, 2 => SpanStatus.Error, _ => SpanStatus.Unset };
                }
                else if (reader.TokenType == JsonTokenType.String)
                {
                    span.Status = reader.ValueTextEquals("STATUS_CODE_ERROR"u8) || reader.ValueTextEquals("ERROR"u8) ? SpanStatus.Error
                        : reader.ValueTextEquals("STATUS_CODE_OK"u8) || reader.ValueTextEquals("OK"u8) ? SpanStatus.Ok : SpanStatus.Unset;
                }
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                span.StatusMessage = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static bool IsName(GenAiKey key) => key is not (GenAiKey.ToolArguments or GenAiKey.InputValue or GenAiKey.TraceloopEntityInput or GenAiKey.OtelStatusDescription);

    private string Name(ref Utf8JsonReader reader) => reader.ValueIsEscaped ? reader.GetString()! : _names.Get(reader.ValueSpan);

    /// <summary>A 64-bit unsigned integer written as a JSON number or a decimal string (OTLP JSON writes it as a string).</summary>
    private static bool TryUInt64(ref Utf8JsonReader reader, out long value)
    {
        value = 0;
        ulong parsed;
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (!reader.TryGetUInt64(out parsed))
            {
                return false;
            }
        }
        else if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped
                 || !Utf8Parser.TryParse(reader.ValueSpan, out parsed, out var consumed) || consumed != reader.ValueSpan.Length)
        {
            return false;
        }

        if (parsed > long.MaxValue)
        {
            return false;
        }

        value = (long)parsed;
        return true;
    }

    private static bool TryNumber(ref Utf8JsonReader reader, out double value)
    {
        value = double.NaN;
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.TryGetDouble(out value) && double.IsFinite(value);
        }

        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped)
        {
            var text = reader.ValueSpan;
            var format = text.IndexOfAny((byte)'e', (byte)'E') >= 0 ? 'e' : default;
            return Utf8Parser.TryParse(text, out value, out var consumed, format) && consumed == text.Length && double.IsFinite(value);
        }

        return false;
    }

    /// <summary>An id of <paramref name="bytes"/> bytes (16 for a trace, 8 for a span), in hex or (as some encoders write it) base64.</summary>
    private static bool TryId(ref Utf8JsonReader reader, int bytes, out ulong hi, out ulong lo)
    {
        hi = lo = 0;
        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped)
        {
            return false;
        }

        var text = reader.ValueSpan;
        Span<byte> id = stackalloc byte[16];
        var target = id[..bytes];
        if (text.Length == bytes * 2 && TryHex(text, target))
        {
            // Hex.
        }
        else if (Base64.DecodeFromUtf8(text, target, out var consumed, out var written) != OperationStatus.Done || consumed != text.Length || written != bytes)
        {
            return false;
        }

        if (bytes == 16)
        {
            hi = BinaryPrimitives.ReadUInt64BigEndian(id);
            lo = BinaryPrimitives.ReadUInt64BigEndian(id[8..]);
        }
        else
        {
            lo = BinaryPrimitives.ReadUInt64BigEndian(id);
        }

        return true;
    }

    private static bool TryHex(ReadOnlySpan<byte> text, Span<byte> target)
    {
        for (var i = 0; i < target.Length; i++)
        {
            var high = HexDigit(text[2 * i]);
            var low = HexDigit(text[(2 * i) + 1]);
            if ((high | low) < 0)
            {
                return false;
            }

            target[i] = (byte)((high << 4) | low);
        }

        return true;
    }

    private static int HexDigit(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };
}
