using System.Text;
using System.Text.Json;

namespace Alpha.Learning.Logs.Otlp.Internal;

/// <summary>
/// The parts of a span that <see cref="OtlpDocumentParser"/> reads into the <see cref="GenAiSpan"/> beyond its ids and
/// times: the <c>attributes</c> (only the keys the GenAI mapping knows), the <c>exception</c> event and the status.
/// </summary>
internal sealed partial class OtlpDocumentParser
{
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
}
