using System.Globalization;
using System.Text;
using System.Text.Json;

using Alpha.Learning.Logs;

namespace Alpha.Learning.Tests.Fleet;

/// <summary>Writes events as JSON lines in the default log format (ARCHITECTURE.md), for child processes to read.</summary>
internal static class FleetLogFiles
{
    public static void Write(string file, IEnumerable<ExecutionEvent> events)
    {
        var lines = new StringBuilder();
        foreach (var e in events)
        {
            var fields = new Dictionary<string, object?>
            {
                ["event"] = e.EventName,
                ["timestamp"] = e.Timestamp.ToString("O", CultureInfo.InvariantCulture),
                ["task_id"] = e.TaskId,
                ["task_name"] = e.TaskName,
                ["tool_name"] = e.ToolName,
                ["duration"] = e.Duration,
                ["success"] = e.Success,
                ["error"] = e.Error,
                ["error_type"] = e.ErrorType,
                ["provider"] = e.Provider,
                ["model"] = e.Model,
                ["prompt_tokens"] = e.PromptTokens,
                ["completion_tokens"] = e.CompletionTokens,
                ["estimated_cost"] = e.EstimatedCost,
            };
            lines.Append(JsonSerializer.Serialize(fields.Where(f => f.Value is not null).ToDictionary(f => f.Key, f => f.Value))).Append('\n');
        }

        File.WriteAllText(file, lines.ToString());
    }

    /// <summary>Calls of <paramref name="tools"/> slow tools (6–9 s each, <paramref name="calls"/> a tool) spread at random over the instances.</summary>
    public static void AddSlowTools(List<ExecutionEvent>[] parts, int seed, int tools, int calls, DateTimeOffset start)
    {
        var random = new Random(seed);
        for (var t = 0; t < tools; t++)
        {
            var tool = string.Create(CultureInfo.InvariantCulture, $"slow_{seed}_{(char)('a' + t)}");
            for (var i = 0; i < calls; i++)
            {
                parts[random.Next(parts.Length)].Add(new ExecutionEvent
                {
                    Kind = ExecutionEventKind.ToolExecution, EventName = "tool_execution", Timestamp = start.AddMinutes((t * 37) + (i * 41)),
                    TaskId = $"s-{t}-{i}", ToolName = tool, Duration = Math.Round(6 + (3 * random.NextDouble()), 3), Success = true,
                });
            }
        }

        foreach (var part in parts)
        {
            part.Sort((a, b) => a.Timestamp.CompareTo(b.Timestamp));
        }
    }
}
