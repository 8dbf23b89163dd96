using System.Globalization;
using System.Text.Json;

namespace Alpha.Learning.Logs.Internal;

/// <summary>
/// Writes an <see cref="ExecutionEvent"/> as one JSON object in the log format the source reads. Every string
/// is escaped by <see cref="Utf8JsonWriter"/> (control characters, U+2028 and U+2029 included), so no value
/// can break a line.
/// </summary>
internal static class ExecutionEventJsonWriter
{
    public static void Write(Utf8JsonWriter writer, ExecutionEvent e, TimestampStyle style = TimestampStyle.Utc, TimeSpan offset = default)
    {
        writer.WriteStartObject();
        writer.WriteString("event"u8, e.EventName);
        WriteTimestamp(writer, e.Timestamp, style, offset);
        WriteIfSet(writer, "task_id"u8, e.TaskId);
        WriteIfSet(writer, "task_name"u8, e.TaskName);
        WriteIfSet(writer, "tool_name"u8, e.ToolName);
        if (e.Parameters is { } parameters)
        {
            writer.WritePropertyName("parameters"u8);
            writer.WriteRawValue(parameters, skipInputValidation: false);
        }

        WriteIfSet(writer, "provider"u8, e.Provider);
        WriteIfSet(writer, "model"u8, e.Model);
        WriteIfSet(writer, "prompt_tokens"u8, e.PromptTokens);
        WriteIfSet(writer, "completion_tokens"u8, e.CompletionTokens);
        WriteIfSet(writer, "total_tokens"u8, e.TotalTokens);
        WriteIfSet(writer, "cache_read_tokens"u8, e.CacheReadTokens);
        WriteIfSet(writer, "duration"u8, e.Duration);
        WriteIfSet(writer, "estimated_cost"u8, e.EstimatedCost);
        if (e.Success is { } success)
        {
            writer.WriteBoolean("success"u8, success);
        }

        WriteIfSet(writer, "error"u8, e.Error);
        WriteIfSet(writer, "error_type"u8, e.ErrorType);
        WriteIfSet(writer, "traceback"u8, e.Traceback);
        if (e.Fields is { } fields)
        {
            foreach (var (name, value) in fields)
            {
                if (name is not ("event" or "timestamp"))
                {
                    writer.WriteString(name, value);
                }
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteTimestamp(Utf8JsonWriter writer, DateTimeOffset timestamp, TimestampStyle style, TimeSpan offset)
    {
        Span<char> text = stackalloc char[40];
        var local = timestamp.ToOffset(offset);
        var ok = style switch
        {
            TimestampStyle.Utc => timestamp.UtcDateTime.TryFormat(text, out var n, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture) ? n : -1,
            TimestampStyle.Offset => local.TryFormat(text, out var n, "yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture) ? n : -1,
            _ => local.DateTime.TryFormat(text, out var n, "yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture) ? n : -1,
        };
        writer.WriteString("timestamp"u8, text[..ok]);
    }

    private static void WriteIfSet(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteIfSet(Utf8JsonWriter writer, ReadOnlySpan<byte> name, long? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
    }

    private static void WriteIfSet(Utf8JsonWriter writer, ReadOnlySpan<byte> name, double? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
    }
}
