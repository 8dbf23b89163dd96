using System.Globalization;
using System.Text.Json;

using Alpha.Learning.Analysis;

namespace Alpha.Learning;

/// <summary>
/// Writes the library's values in the JSON contract's shapes, for hosts and tools that print or store them.
/// </summary>
public static class AlphaLearningJson
{
    /// <summary>Writes a property holding config changes as an array of <c>{path, oldValue, newValue}</c> (a removal has <c>newValue: null</c>).</summary>
    /// <param name="json">The writer, inside an object.</param>
    /// <param name="propertyName">The property name, for example <c>changes</c>.</param>
    /// <param name="changes">The changes.</param>
    public static void WriteChanges(Utf8JsonWriter json, string propertyName, IReadOnlyList<ConfigChange> changes)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(changes);
        json.WriteStartArray(propertyName);
        foreach (var c in changes)
        {
            json.WriteStartObject();
            json.WriteString("path", c.Path);
            json.WritePropertyName("oldValue");
            WriteValue(json, c.OldValue);
            json.WritePropertyName("newValue");
            WriteValue(json, c.RemoveKey ? null : c.NewValue);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>
    /// Writes a value of a config change, pattern metadata or evidence: <see langword="null"/>, text, booleans, numbers
    /// (a non-finite number as <c>null</c>), instants, and lists of these; anything else as its invariant text.
    /// </summary>
    /// <param name="json">The writer.</param>
    /// <param name="value">The value.</param>
    public static void WriteValue(Utf8JsonWriter json, object? value)
    {
        ArgumentNullException.ThrowIfNull(json);
        switch (value)
        {
            case null: json.WriteNullValue(); break;
            case string s: json.WriteStringValue(s); break;
            case bool b: json.WriteBooleanValue(b); break;
            case int i: json.WriteNumberValue(i); break;
            case long l: json.WriteNumberValue(l); break;
            case double d when double.IsFinite(d): json.WriteNumberValue(d); break;
            case double: json.WriteNullValue(); break;
            case float f when float.IsFinite(f): json.WriteNumberValue(f); break;
            case decimal m: json.WriteNumberValue(m); break;
            case DateTimeOffset t: json.WriteStringValue(t); break;
            case System.Collections.IEnumerable items:
                json.WriteStartArray();
                foreach (var item in items)
                {
                    WriteValue(json, item);
                }

                json.WriteEndArray();
                break;
            default: json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }
}
