using Alpha.Learning.Logs;

namespace Alpha.Learning.Tests.Fleet;

/// <summary>
/// Events of an agent service spread over several instances: tasks with tool calls and model calls, recurring tool and
/// task errors whose messages vary in numbers, addresses and ids (so templates must be mined), durations from
/// log-normal distributions with a slow tail. Each event goes to a random instance; names and numbers come from the seed.
/// </summary>
internal static class FleetWorkload
{
    public static List<ExecutionEvent>[] Generate(int seed, int instances, int tasks, DateTimeOffset start, TimeSpan span)
    {
        var random = new Random(seed);
        var parts = Enumerable.Range(0, instances).Select(_ => new List<ExecutionEvent>()).ToArray();
        string Pick(string[] names) => names[random.Next(names.Length)];
        var suffix = seed.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string[] taskNames = [$"research_{suffix}", $"summarize_{suffix}", $"triage_{suffix}"];
        string[] tools = [$"web_search_{suffix}", $"fetch_page_{suffix}", $"sql_query_{suffix}"];
        string[] models = [$"model-a-{suffix}", $"model-b-{suffix}"];
        var slowTool = tools[random.Next(tools.Length)];
        for (var t = 0; t < tasks; t++)
        {
            // One task's events stay on one instance, as a request is served by one instance.
            var events = parts[random.Next(instances)];
            var at = start + TimeSpan.FromTicks((long)(random.NextDouble() * span.Ticks));
            var id = $"t-{seed}-{t}";
            var task = Pick(taskNames);
            events.Add(new ExecutionEvent { Kind = ExecutionEventKind.TaskStart, EventName = "task_start", Timestamp = at, TaskId = id, TaskName = task });
            var calls = 1 + random.Next(3);
            for (var c = 0; c < calls; c++)
            {
                at = at.AddSeconds(1 + random.Next(5));
                var tool = Pick(tools);
                var duration = Math.Exp((random.NextDouble() * 2) - 1) * (tool == slowTool ? 4 : 1);
                var fails = random.NextDouble() < 0.08;
                events.Add(new ExecutionEvent
                {
                    Kind = ExecutionEventKind.ToolExecution, EventName = "tool_execution", Timestamp = at, TaskId = id, ToolName = tool, Duration = duration, Success = !fails,
                    Error = fails ? ToolError(random) : null,
                    ErrorType = fails ? (random.Next(2) == 0 ? "ConnectionError" : "RateLimitError") : null,
                });
                at = at.AddSeconds(1);
                events.Add(new ExecutionEvent
                {
                    Kind = ExecutionEventKind.LlmInteraction, EventName = "llm_interaction", Timestamp = at, TaskId = id, Model = Pick(models), Provider = "p",
                    PromptTokens = 100 + random.Next(2000), CompletionTokens = 10 + random.Next(500), EstimatedCost = Math.Round(random.NextDouble() * 0.05, 6), Duration = random.NextDouble() * 3,
                });
            }

            at = at.AddSeconds(2);
            if (random.NextDouble() < 0.07)
            {
                events.Add(new ExecutionEvent
                {
                    Kind = ExecutionEventKind.TaskError, EventName = "task_error", Timestamp = at, TaskId = id, TaskName = task, ErrorType = "ValueError",
                    Error = $"Invalid JSON at position {random.Next(10_000)} in response 0x{random.Next():x8}",
                });
            }
            else
            {
                events.Add(new ExecutionEvent { Kind = ExecutionEventKind.TaskComplete, EventName = "task_complete", Timestamp = at, TaskId = id, TaskName = task, Duration = Math.Exp(random.NextDouble() * 3) });
            }
        }

        foreach (var part in parts)
        {
            part.Sort((a, b) => a.Timestamp.CompareTo(b.Timestamp));
        }

        return parts;
    }

    private static Guid NewGuid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private static string ToolError(Random random) => random.Next(3) switch
    {
        0 => $"Connection refused by host 10.{random.Next(256)}.{random.Next(256)}.{random.Next(256)} port {1000 + random.Next(9000)}",
        1 => $"Rate limit exceeded for key {NewGuid(random)}; retry after {1 + random.Next(60)} seconds",
        _ => $"Upstream returned status {500 + random.Next(4)} for request {random.Next(1_000_000)}",
    };
}
