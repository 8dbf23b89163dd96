using System.Globalization;

using Alpha.Learning.Analysis;
using Alpha.Learning.Logs;

namespace Alpha.Learning.Tests.Fleet;

/// <summary>
/// Logs of a fleet in which every built-in pattern type the fleet merges occurs, split over the instances so that no
/// instance sees enough of any of them to detect it alone: each instance gets between one and the detector's minimum
/// minus one of the planted occurrences (timeouts, calls over the cost threshold, repeated calls and unchanged
/// retries, failing runs with a chain, successful runs, occurrences of an error template, slow calls), the fleet at
/// least the minimum. Around them, ordinary traffic. The number of instances, the names, the counts, the messages and
/// the numbers come from the seed.
/// </summary>
internal static class FleetPatternWorkload
{
    /// <summary>The instances' events, and the planted patterns (type, subject, key; for a recurring error the error type, its key's first part).</summary>
    public sealed record Result(List<ExecutionEvent>[] Parts, IReadOnlyList<(PatternType Type, string Subject, string Key)> Planted);

    /// <summary>Whether <paramref name="pattern"/> is the planted one.</summary>
    public static bool Is(LogPattern pattern, (PatternType Type, string Subject, string Key) planted) =>
        pattern.Type == planted.Type && pattern.Subject == planted.Subject
        && (pattern.Key == planted.Key || (planted.Type == PatternType.RecurringError && pattern.Key.StartsWith(planted.Key + ": ", StringComparison.Ordinal)));

    public static Result Generate(int seed, DateTimeOffset start, TimeSpan span, AnalysisOptions options)
    {
        var random = new Random(seed);
        var instances = 3 + random.Next(3);
        var parts = Enumerable.Range(0, instances).Select(_ => new List<ExecutionEvent>()).ToArray();
        var tag = seed.ToString(CultureInfo.InvariantCulture);
        string Name(string[] words) => string.Concat(words[random.Next(words.Length)], "_", tag);
        var planted = new List<(PatternType, string, string)>();
        var taskNo = 0;
        DateTimeOffset At() => start + TimeSpan.FromTicks((long)(random.NextDouble() * span.Ticks * 0.9));
        string Id() => string.Create(CultureInfo.InvariantCulture, $"t{seed}-{taskNo++}");

        // Ordinary traffic: tasks that call a tool or two with distinct parameters and a cheap model, and succeed.
        string[] background = [Name(["ingest", "lookup_user"]), Name(["answer", "classify"])];
        var cheapModel = Name(["small-model", "mini"]);
        foreach (var part in parts)
        {
            for (var n = 25 + random.Next(20); n > 0; n--)
            {
                var task = new TaskEvents(part, Id(), background[random.Next(2)], At());
                task.Tool(Name(["search", "read_doc"]), 0.2 + random.NextDouble(), $"q={random.Next()}");
                task.Llm(cheapModel, Math.Round(random.NextDouble() * 0.01, 6));
                task.Complete(1 + (random.NextDouble() * 3));
            }
        }

        // timeout_pattern: runs of one task type that time out (by error type or wording), a few on each instance.
        var slowTask = Name(["export", "sync_ledger", "backfill"]);
        foreach (var (part, count) in Spread(random, parts, options.TimeoutMinOccurrences))
        {
            for (var i = 0; i < count; i++)
            {
                var task = new TaskEvents(part, Id(), slowTask, At());
                task.Fail(random.Next(2) == 0 ? "TimeoutError" : "ReadTimeout", string.Create(CultureInfo.InvariantCulture, $"Request to 10.0.{random.Next(256)}.{random.Next(256)} timed out after {20 + random.Next(40)} s"), null);
            }

            for (var i = random.Next(3); i > 0; i--)
            {
                new TaskEvents(part, Id(), slowTask, At()).Complete(5 + (random.NextDouble() * 10));
            }
        }

        planted.Add((PatternType.TimeoutPattern, LogPattern.TaskSubject, slowTask));

        // high_cost_operation: calls of one model over the cost threshold, inside tasks.
        var bigModel = Name(["large-model", "frontier", "big"]);
        var costlyTask = Name(["draft_contract", "plan_trip"]);
        foreach (var (part, count) in Spread(random, parts, options.HighCostMinOccurrences))
        {
            for (var i = 0; i < count; i++)
            {
                var task = new TaskEvents(part, Id(), costlyTask, At());
                task.Llm(bigModel, Math.Round(options.HighCostThresholdUsd * (1.2 + (random.NextDouble() * 3)), 6));
                task.Complete(2 + random.NextDouble());
            }
        }

        planted.Add((PatternType.HighCostOperation, LogPattern.ModelSubject, bigModel));

        // inefficient_tool_chain (tool): calls that repeat an earlier call of the task with the same parameters, or
        // retry a failed call unchanged.
        var wasteful = Name(["geocode", "fetch_rates", "resolve_dns"]);
        var wastefulTask = Name(["enrich", "quote"]);
        foreach (var (part, count) in Spread(random, parts, options.ChainMinOccurrences))
        {
            for (var i = 0; i < count; i++)
            {
                var task = new TaskEvents(part, Id(), wastefulTask, At());
                var parameters = string.Create(CultureInfo.InvariantCulture, $"id={random.Next(100_000)}");
                var retry = random.Next(2) == 0;
                task.Tool(wasteful, 0.3, parameters, success: !retry, error: retry ? "Service unavailable" : null);
                task.Tool(wasteful, 0.3, parameters);
                task.Complete(1.5);
            }
        }

        planted.Add((PatternType.InefficientToolChain, LogPattern.ToolSubject, wasteful));

        // inefficient_tool_chain (task type): failing runs use one tool pair, succeeding runs another; every instance
        // has fewer failing runs of the type than the detector's minimum.
        var chainTask = Name(["reconcile", "migrate", "settle"]);
        string[] chainTools = [Name(["parse"]), Name(["validate"]), Name(["store"])];
        foreach (var (part, count) in Spread(random, parts, options.FailureChainMinFailures))
        {
            for (var i = 0; i < count; i++)
            {
                var task = new TaskEvents(part, Id(), chainTask, At());
                task.Tool(chainTools[0], 0.2, $"a{random.Next()}");
                task.Tool(chainTools[1], 0.2, $"b{random.Next()}");
                task.Fail("ValidationError", string.Create(CultureInfo.InvariantCulture, $"Row {random.Next(10_000)} failed validation"), null);
            }

            for (var i = count + 1 + random.Next(4); i > 0; i--)
            {
                var task = new TaskEvents(part, Id(), chainTask, At());
                task.Tool(chainTools[1], 0.2, $"b{random.Next()}");
                task.Tool(chainTools[2], 0.2, $"c{random.Next()}");
                task.Complete(1 + random.NextDouble());
            }
        }

        planted.Add((PatternType.InefficientToolChain, LogPattern.TaskSubject, chainTask));

        // successful_pattern: a task type that always succeeds, a few runs on each instance.
        var reliable = Name(["digest", "thumbnail", "translate"]);
        foreach (var (part, count) in Spread(random, parts, options.SuccessMinRuns))
        {
            for (var i = 0; i < count; i++)
            {
                new TaskEvents(part, Id(), reliable, At()).Complete(0.5 + random.NextDouble());
            }
        }

        planted.Add((PatternType.SuccessfulPattern, LogPattern.TaskSubject, reliable));

        // recurring_error: one error template of a tool, a few occurrences on each instance.
        var flaky = Name(["notify", "send_mail"]);
        var errorType = Name(["SmtpError", "RelayError"]);
        foreach (var (part, count) in Spread(random, parts, options.RecurringErrorMinOccurrences))
        {
            for (var i = 0; i < count; i++)
            {
                var task = new TaskEvents(part, Id(), background[0], At());
                task.Tool(flaky, 0.4, $"m{random.Next()}", success: false, error: string.Create(CultureInfo.InvariantCulture, $"Relay 10.{random.Next(256)}.{random.Next(256)}.{random.Next(256)} refused message {random.Next(1_000_000)}"), errorType: errorType);
                task.Complete(1.2);
            }
        }

        planted.Add((PatternType.RecurringError, LogPattern.ErrorSubject, errorType)); // the key is "<error type>: <template>"

        // slow_operation: calls of one tool over the slow threshold.
        var sluggish = Name(["render_pdf", "ocr"]);
        foreach (var (part, count) in Spread(random, parts, options.SlowMinOccurrences))
        {
            for (var i = 0; i < count; i++)
            {
                var task = new TaskEvents(part, Id(), background[1], At());
                task.Tool(sluggish, options.SlowToolThresholdSeconds * (1.2 + random.NextDouble()), $"p{random.Next()}");
                task.Complete(options.SlowToolThresholdSeconds * 1.5);
            }
        }

        planted.Add((PatternType.SlowOperation, LogPattern.ToolSubject, sluggish));

        foreach (var part in parts)
        {
            part.Sort((a, b) => a.Timestamp.CompareTo(b.Timestamp));
        }

        return new Result(parts, planted);
    }

    /// <summary>How many occurrences each instance gets: 1 to <c>minimum − 1</c> each (fewer than the detector needs), at least <paramref name="minimum"/> in all.</summary>
    private static IEnumerable<(List<ExecutionEvent> Part, int Count)> Spread(Random random, List<ExecutionEvent>[] parts, int minimum)
    {
        var counts = parts.Select(_ => 1 + random.Next(Math.Max(1, minimum - 1))).ToArray();
        while (counts.Sum() < minimum)
        {
            var i = Array.FindIndex(counts, c => c < minimum - 1);
            counts[i]++;
        }

        return parts.Select((part, i) => (part, counts[i]));
    }

    /// <summary>One task's events on one instance, a second or two apart.</summary>
    private sealed class TaskEvents(List<ExecutionEvent> part, string id, string name, DateTimeOffset at)
    {
        private DateTimeOffset _at = Add(part, new ExecutionEvent { Kind = ExecutionEventKind.TaskStart, EventName = "task_start", Timestamp = at, TaskId = id, TaskName = name });

        public void Tool(string tool, double duration, string parameters, bool success = true, string? error = null, string? errorType = null) =>
            _at = Add(part, new ExecutionEvent
            {
                Kind = ExecutionEventKind.ToolExecution, EventName = "tool_execution", Timestamp = _at.AddSeconds(1), TaskId = id, ToolName = tool,
                Duration = Math.Round(duration, 3), Parameters = parameters, Success = success, Error = error, ErrorType = error is null ? null : errorType ?? "ToolError",
            });

        public void Llm(string model, double cost) =>
            _at = Add(part, new ExecutionEvent
            {
                Kind = ExecutionEventKind.LlmInteraction, EventName = "llm_interaction", Timestamp = _at.AddSeconds(1), TaskId = id, Model = model, Provider = "p",
                EstimatedCost = cost, PromptTokens = 500, CompletionTokens = 100, Duration = 0.8,
            });

        public void Complete(double duration) =>
            _at = Add(part, new ExecutionEvent { Kind = ExecutionEventKind.TaskComplete, EventName = "task_complete", Timestamp = _at.AddSeconds(1), TaskId = id, TaskName = name, Duration = Math.Round(duration, 3) });

        public void Fail(string errorType, string error, double? duration) =>
            _at = Add(part, new ExecutionEvent { Kind = ExecutionEventKind.TaskError, EventName = "task_error", Timestamp = _at.AddSeconds(1), TaskId = id, TaskName = name, ErrorType = errorType, Error = error, Duration = duration });

        private static DateTimeOffset Add(List<ExecutionEvent> part, ExecutionEvent e)
        {
            part.Add(e);
            return e.Timestamp;
        }
    }
}
