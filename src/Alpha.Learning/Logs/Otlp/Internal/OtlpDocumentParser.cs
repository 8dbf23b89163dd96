using System.Text.Json;

using Alpha.Learning.Logs.Internal;

namespace Alpha.Learning.Logs.Otlp.Internal;

/// <summary>
/// Reads one OTLP JSON <c>TracesData</c> document (<c>resourceSpans</c> → <c>scopeSpans</c> → <c>spans</c>) with a
/// <see cref="Utf8JsonReader"/> over its bytes: ids in hex or base64, 64-bit integers as strings or numbers, enums as
/// integers or names, unknown fields skipped. Only the attributes the GenAI mapping knows are kept
/// (<c>OtlpDocumentParser.Attributes.cs</c>); the scalar encodings are read in <c>OtlpDocumentParser.Values.cs</c>.
/// </summary>
internal sealed partial class OtlpDocumentParser(int maxDepth)
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

}
