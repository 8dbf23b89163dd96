using System.Globalization;

using Alpha.Learning.Logs;

namespace Alpha.Learning.Tests.Loop;

/// <summary>The simulated days of events, with the adversarial periods in which no change helps.</summary>
internal static partial class YearSimulation
{
    /// <summary>The adversarial periods come back every year (for the long variant).</summary>
    private static bool InAdversarialPeriod(int day) => Adversarial.Any(p => (day % 365) >= p.From && (day % 365) < p.To);

    /// <summary>
    /// One day of events (<paramref name="scale"/> of a full day from <paramref name="start"/>). Adversarial periods
    /// make every subject whose value the loop wrote worse: a change never helps there.
    /// </summary>
    private static IEnumerable<ExecutionEvent> Day(int day, DateTimeOffset start, double scale, Dictionary<string, string> config, Random random)
    {
        var span = TimeSpan.FromDays(scale);
        var adversarial = InAdversarialPeriod(day);
        bool Changed(string path) => config.ContainsKey(path) && !(path == "tools.web_search.timeout" && config[path] == "10");
        double Worse(string path) => adversarial && Changed(path) ? 3 : 1;
        int N(int perDay) => Math.Max(1, (int)Math.Round(perDay * scale));
        DateTimeOffset At(int i, int n) => start + (span * ((i + random.NextDouble()) / n));
        var serial = 0;
        string Id(string kind) => string.Create(CultureInfo.InvariantCulture, $"{kind}-{day}-{start.UtcTicks}-{serial++}");

        // A tool that keeps getting slower (a runaway timeout), one that is slow in a new version each season,
        // and one far too slow for any bound.
        foreach (var (tool, count, seconds) in new (string, int, Func<double>)[]
        {
            ("crawler", 12, () => (6 + (0.3 * day) + random.NextDouble()) * Worse("tools.crawler.timeout")),
            (string.Create(CultureInfo.InvariantCulture, $"tool_s{day / 20}"), 20, () => (7 + (2 * random.NextDouble())) * Worse(string.Create(CultureInfo.InvariantCulture, $"tools.tool_s{day / 20}.timeout"))),
            ("giant", day >= 300 ? 6 : 0, () => 90 + (20 * random.NextDouble())),
            ("web_search", 10, () => (day % 365) is >= 200 and < 230 ? 25 + (10 * random.NextDouble()) : 1 + random.NextDouble()),
        })
        {
            var n = count == 0 ? 0 : N(count);
            for (var i = 0; i < n; i++)
            {
                var d = seconds();
                yield return new ExecutionEvent { Kind = ExecutionEventKind.ToolExecution, EventName = "tool_execution", Timestamp = At(i, n), ToolName = tool, Duration = d, Success = true, Parameters = $"{{\"q\":{i}}}" };
            }
        }

        // A task that times out more and more, and one that flaps week by week.
        foreach (var (task, rate) in new (string, double)[]
        {
            ("ingest", 0.1 + (0.6 * Math.Min(1, day / 365.0))),
            ("flaky", (day / 7) % 2 == 0 ? 0.5 : 0.05),
        })
        {
            var worse = adversarial && Changed("tasks.timeouts." + task) ? 0.4 : 0;
            var n = N(12);
            for (var i = 0; i < n; i++)
            {
                var t = At(i, n);
                var id = Id(task);
                yield return new ExecutionEvent { Kind = ExecutionEventKind.TaskStart, EventName = "task_start", Timestamp = t, TaskId = id, TaskName = task };
                if (random.NextDouble() < rate + worse)
                {
                    yield return new ExecutionEvent { Kind = ExecutionEventKind.TaskError, EventName = "task_error", Timestamp = t.AddSeconds(30), TaskId = id, TaskName = task, Duration = 30, Error = "Operation timed out after 30 seconds", ErrorType = "TimeoutError" };
                }
                else
                {
                    var d = 15 + (10 * random.NextDouble());
                    yield return new ExecutionEvent { Kind = ExecutionEventKind.TaskComplete, EventName = "task_complete", Timestamp = t.AddSeconds(d), TaskId = id, TaskName = task, Duration = d, Success = true };
                }
            }
        }

        // A recurring connection error.
        var errors = N(adversarial && Changed("error_handling.ConnectionError.max_retries") ? 12 : 4);
        for (var i = 0; i < errors; i++)
        {
            var t = At(i, errors);
            var id = Id("fetch");
            yield return new ExecutionEvent { Kind = ExecutionEventKind.TaskStart, EventName = "task_start", Timestamp = t, TaskId = id, TaskName = "fetch" };
            yield return new ExecutionEvent { Kind = ExecutionEventKind.TaskError, EventName = "task_error", Timestamp = t.AddSeconds(1), TaskId = id, TaskName = "fetch", Duration = 1, Error = string.Create(CultureInfo.InvariantCulture, $"Connection refused by host 10.0.0.{i % 250}"), ErrorType = "ConnectionError" };
        }

        // Log poisoning: hostile tool, task and error-type names, slow, timing out and failing.
        foreach (var name in Hostile)
        {
            var t = At(Array.IndexOf(Hostile, name), Hostile.Length);
            var id = Id("hostile");
            yield return new ExecutionEvent { Kind = ExecutionEventKind.ToolExecution, EventName = "tool_execution", Timestamp = t, ToolName = name, Duration = 8 + random.NextDouble(), Success = true };
            yield return new ExecutionEvent { Kind = ExecutionEventKind.TaskStart, EventName = "task_start", Timestamp = t, TaskId = id, TaskName = name };
            yield return new ExecutionEvent { Kind = ExecutionEventKind.TaskError, EventName = "task_error", Timestamp = t.AddSeconds(30), TaskId = id, TaskName = name, Duration = 30, Error = "timed out: " + name, ErrorType = day % 2 == 0 ? "TimeoutError" : name };
        }
    }
}
