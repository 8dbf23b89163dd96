using System.Buffers;
using System.Globalization;
using System.Text.Json;

using Alpha.Learning.Analysis;

namespace Alpha.Learning.Storage.Internal;

/// <summary>
/// How values are written to and read from the database: instants as fixed-width UTC ISO-8601 text (sortable, exact
/// to the tick, readable with the <c>sqlite3</c> shell), structured values as JSON that keeps their types.
/// </summary>
internal static class SqlText
{
    // "O" on a UTC DateTime writes yyyy-MM-ddTHH:mm:ss.fffffffZ (fixed width, so text order is time order), on the runtime's fast path.
    public static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    public static object TimeOrNull(DateTimeOffset? value) => value is { } v ? Time(v) : DBNull.Value;

    public static DateTimeOffset ParseTime(string text) =>
        new(DateTime.ParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind).ToUniversalTime(), TimeSpan.Zero);

    public static object OrNull(string? value) => value is null ? DBNull.Value : value;

    public static object OrNull(long? value) => value is { } v ? v : DBNull.Value;

    public static object OrNull(double? value) => value is { } v ? v : DBNull.Value;

    public static string Changes(IReadOnlyList<ConfigChange> changes) => Write(changes, static (w, list) =>
    {
        w.WriteStartArray();
        foreach (var change in list)
        {
            w.WriteStartObject();
            w.WriteString("path", change.Path);
            w.WritePropertyName("oldValue");
            WriteScalar(w, change.OldValue);
            w.WritePropertyName("newValue");
            WriteScalar(w, change.NewValue);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    });

    public static IReadOnlyList<ConfigChange> ParseChanges(string json)
    {
        using var document = JsonDocument.Parse(json);
        var list = new List<ConfigChange>(document.RootElement.GetArrayLength());
        foreach (var item in document.RootElement.EnumerateArray())
        {
            list.Add(new ConfigChange
            {
                Path = item.GetProperty("path").GetString() ?? string.Empty,
                OldValue = ReadScalar(item.GetProperty("oldValue")),
                NewValue = ReadScalar(item.GetProperty("newValue")) ?? string.Empty,
            });
        }

        return list;
    }

    public static string Scalar(object? value) => Write(value, WriteScalar);

    public static object? ParseScalar(string json)
    {
        using var document = JsonDocument.Parse(json);
        return ReadScalar(document.RootElement);
    }

    public static ReadOnlySpan<byte> StringsUtf8(IReadOnlyList<string> values) =>
        values.Count == 0 ? "[]"u8 : WriteUtf8(values, WriteStrings);

    public static ReadOnlySpan<byte> MetadataUtf8(IReadOnlyDictionary<string, object> values) =>
        values.Count == 0 ? "{}"u8 : WriteUtf8(values, WriteMetadata);

    public static ReadOnlySpan<byte> StringMapUtf8(IReadOnlyDictionary<string, string> values) => WriteUtf8(values, WriteStringMap);

    public static string Strings(IReadOnlyList<string> values) => values.Count == 0 ? "[]" : Write(values, WriteStrings);

    private static void WriteStrings(Utf8JsonWriter w, IReadOnlyList<string> list)
    {
        w.WriteStartArray();
        foreach (var value in list)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    public static IReadOnlyList<string> ParseStrings(string json)
    {
        if (json == "[]")
        {
            return [];
        }

        using var document = JsonDocument.Parse(json);
        return ReadStrings(document.RootElement);
    }

    public static string StringMap(IReadOnlyDictionary<string, string> values) => Write(values, WriteStringMap);

    private static void WriteStringMap(Utf8JsonWriter w, IReadOnlyDictionary<string, string> map)
    {
        w.WriteStartObject();
        foreach (var (key, value) in map)
        {
            w.WriteString(key, value);
        }

        w.WriteEndObject();
    }

    public static IReadOnlyDictionary<string, string> ParseStringMap(string? json)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(json))
        {
            return map;
        }

        using var document = JsonDocument.Parse(json);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            map[property.Name] = property.Value.GetString() ?? string.Empty;
        }

        return map;
    }

    public static string Metadata(IReadOnlyDictionary<string, object> values) => values.Count == 0 ? "{}" : Write(values, WriteMetadata);

    private static void WriteMetadata(Utf8JsonWriter w, IReadOnlyDictionary<string, object> map)
    {
        w.WriteStartObject();
        foreach (var (key, value) in map)
        {
            w.WritePropertyName(key);
            if (value is not string && value is IEnumerable<string> strings)
            {
                w.WriteStartArray();
                foreach (var s in strings)
                {
                    w.WriteStringValue(s);
                }

                w.WriteEndArray();
            }
            else
            {
                WriteScalar(w, value);
            }
        }

        w.WriteEndObject();
    }

    public static IReadOnlyDictionary<string, object> ParseMetadata(string json)
    {
        var map = new Dictionary<string, object>(StringComparer.Ordinal);
        if (json == "{}")
        {
            return map;
        }

        using var document = JsonDocument.Parse(json);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            map[property.Name] = property.Value.ValueKind == JsonValueKind.Array
                ? ReadStrings(property.Value)
                : ReadScalar(property.Value) ?? string.Empty;
        }

        return map;
    }

    private static string[] ReadStrings(JsonElement array)
    {
        var result = new string[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            result[i++] = item.GetString() ?? string.Empty;
        }

        return result;
    }

    // Numbers keep their type: a double is always written with a fraction or an exponent, a long never is.
    private static void WriteScalar(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case long l: writer.WriteNumberValue(l); break;
            case int i: writer.WriteNumberValue((long)i); break;
            case double d when double.IsFinite(d):
                var text = d.ToString("R", CultureInfo.InvariantCulture);
                writer.WriteRawValue(text.AsSpan().IndexOfAny('.', 'E', 'e') >= 0 ? text : text + ".0", skipInputValidation: true);
                break;
            case double d: writer.WriteStringValue(d.ToString(CultureInfo.InvariantCulture)); break;
            case float f: WriteScalar(writer, (double)f); break;
            case decimal m: WriteScalar(writer, (double)m); break;
            case IFormattable formattable: writer.WriteStringValue(formattable.ToString(null, CultureInfo.InvariantCulture)); break;
            default: writer.WriteStringValue(value.ToString()); break;
        }
    }

    private static object? ReadScalar(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.GetRawText().AsSpan().IndexOfAny('.', 'E', 'e') < 0 && element.TryGetInt64(out var l) ? (object)l : element.GetDouble(),
        _ => element.GetRawText(),
    };

    // One writer per thread, reset for each value: a batch of thousands of rows allocates only the strings it stores.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    private static string Write<T>(T state, Action<Utf8JsonWriter, T> write) =>
        System.Text.Encoding.UTF8.GetString(WriteUtf8(state, write));

    // The span is valid until the next call on the same thread: bind or copy it at once.
    private static ReadOnlySpan<byte> WriteUtf8<T>(T state, Action<Utf8JsonWriter, T> write)
    {
        var buffer = t_buffer;
        if (buffer is null || buffer.Capacity > 64 * 1024)
        {
            // Start afresh rather than keep a huge buffer alive for the thread's lifetime.
            t_buffer = buffer = new ArrayBufferWriter<byte>(1024);
            t_writer = null;
        }

        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        write(writer, state);
        writer.Flush();
        return buffer.WrittenSpan;
    }
}
