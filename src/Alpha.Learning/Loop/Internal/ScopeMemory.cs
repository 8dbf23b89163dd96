using System.Buffers;
using System.Text.Json;

using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;

namespace Alpha.Learning.Loop.Internal;

/// <summary>
/// Keeps each applied improvement's scope in the learning store's loop state (so it survives a restart), and derives
/// one from the improvement's subject for improvements applied before scopes were recorded.
/// </summary>
internal static class ScopeMemory
{
    private const string Prefix = "loop.scope.";

    public static Task SaveAsync(IStateStore store, string improvementId, RecommendationScope scope, DateTimeOffset at, CancellationToken cancellationToken) =>
        store.SetStateAsync(Prefix + improvementId, ToJson(scope), at, cancellationToken);

    public static async Task<RecommendationScope> LoadAsync(IStateStore store, ImprovementRecord record, CancellationToken cancellationToken)
    {
        var text = await store.GetStateAsync(Prefix + record.Id, cancellationToken).ConfigureAwait(false);
        return (text is null ? null : FromJson(text)) ?? Derive(record);
    }

    /// <summary>The scope an improvement's subject gives, for records without a stored scope.</summary>
    public static RecommendationScope Derive(ImprovementRecord record) => record.Subject switch
    {
        LogPattern.TaskSubject => new RecommendationScope { TaskTypes = [record.Key] },
        LogPattern.ToolSubject => new RecommendationScope { Tools = [record.Key] },
        LogPattern.ModelSubject => new RecommendationScope { Models = [record.Key] },
        LogPattern.ErrorSubject when record.Key.IndexOf(": ", StringComparison.Ordinal) is > 0 and var colon => new RecommendationScope { ErrorTypes = [record.Key[..colon]] },
        _ => RecommendationScope.Empty,
    };

    public static string ToJson(RecommendationScope scope)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            Write(json, "taskTypes", scope.TaskTypes);
            Write(json, "tools", scope.Tools);
            Write(json, "models", scope.Models);
            Write(json, "errorTypes", scope.ErrorTypes);
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static RecommendationScope? FromJson(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            return new RecommendationScope
            {
                TaskTypes = Read(root, "taskTypes"),
                Tools = Read(root, "tools"),
                Models = Read(root, "models"),
                ErrorTypes = Read(root, "errorTypes"),
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void Write(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        json.WriteStartArray(name);
        foreach (var v in values)
        {
            json.WriteStringValue(v);
        }

        json.WriteEndArray();
    }

    private static string[] Read(JsonElement root, string name) =>
        root.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? [.. array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)]
            : [];
}
