using System.Buffers;
using System.Text.Json;

namespace Alpha.Learning.Alerts.Internal;

/// <summary>The JSON of an alert (webhook body, file line): camelCase, enum values as snake_case names, evidence as is.</summary>
internal static class AlertJson
{
    public static byte[] Serialize(Alert alert)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("fingerprint", alert.Fingerprint);
            json.WriteString("notification", Name(alert.Notification));
            json.WriteString("type", EnumNames.ToName(alert.PatternType));
            json.WriteString("subject", alert.Subject);
            json.WriteString("key", alert.Key);
            json.WriteString("severity", EnumNames.ToName(alert.Severity));
            json.WriteString("description", alert.Description);
            json.WriteString("at", alert.At);
            json.WriteString("firstRaisedAt", alert.FirstRaisedAt);
            json.WriteStartObject("evidence");
            foreach (var (key, value) in alert.Evidence.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                json.WritePropertyName(key);
                AlphaLearningJson.WriteValue(json, value);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static string Name(AlertNotification value) => value switch
    {
        AlertNotification.Raised => "raised",
        AlertNotification.Worsened => "worsened",
        AlertNotification.Reminder => "reminder",
        AlertNotification.Resolved => "resolved",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown alert notification."),
    };

    public static AlertNotification ParseNotification(string name) => name switch
    {
        "raised" => AlertNotification.Raised,
        "worsened" => AlertNotification.Worsened,
        "reminder" => AlertNotification.Reminder,
        "resolved" => AlertNotification.Resolved,
        _ => throw new FormatException($"'{name}' is not an alert notification."),
    };
}
