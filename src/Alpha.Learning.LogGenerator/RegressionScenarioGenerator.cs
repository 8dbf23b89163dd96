using System.Globalization;
using System.Text.Json;

using Alpha.Learning.Logs;
using Alpha.Learning.Logs.Internal;

namespace Alpha.Learning.LogGenerator;

/// <summary>
/// Builds <see cref="RegressionScenario"/>s (names, volumes and planted changes drawn from a seed) and their events:
/// task runs with tool calls and LLM calls, lognormal durations and token counts, a few recurring error templates
/// with variable parts, a weekly rhythm (weekends at 60 %), and the planted changes: a tool latency step, an
/// error-rate step of one task type, a model price change, a new error template, and a cost drift of a few percent a
/// week. The error-rate step, the new error and the drift are found from counts or daily means, so whether the first
/// window can show them depends on the task type's volume: each is drawn from the smallest size the detector finds with
/// 99.9 % power at that volume (its stated guarantee) up to a few points above it, rather than from a fixed range that
/// at a quiet task type lies below what the detector can find (the sizes are in <c>RegressionScenarioGenerator.Sizes.cs</c>).
/// </summary>
public static partial class RegressionScenarioGenerator
{
    /// <summary>The share of a task type's runs that fail of their own (not through a tool) when no step is planted.</summary>
    private const double BaseErrorRate = 0.02;

    /// <summary>The share of tool calls that fail (each failure fails its task).</summary>
    private const double ToolFailureRate = 0.01;

    /// <summary>Weekend days' volume against a weekday's.</summary>
    private const double WeekendShare = 0.6;

    /// <summary>
    /// The chance with which an error-rate step or a new error must be found by the first window wholly after it: each
    /// is drawn at least as large as the detector finds this often at the task type's volume (see
    /// <see cref="SmallestErrorStep"/> and <see cref="SmallestNewErrorShare"/>).
    /// </summary>
    private const double ErrorStepPower = 0.999;

    /// <summary>The share of task runs that make two LLM calls (the others make one).</summary>
    private const double TwoCallShare = 0.3;

    /// <summary>The log-sd of a call's prompt and completion token counts around the task type's base.</summary>
    private const double TokenSigma = 0.3;

    private static readonly string[] TaskPool =
    [
        "web_research", "summarize_document", "code_review", "data_extraction", "customer_support", "report_generation",
        "triage_ticket", "translate_text", "plan_trip", "answer_faq", "classify_email", "draft_reply",
    ];

    private static readonly string[] ToolPool = ["web_search", "fetch_page", "sql_query", "crm_lookup", "render_pdf", "vector_search", "send_email", "calendar_api"];

    private static readonly string[] ModelPool = ["gpt-4o", "gpt-4o-mini", "claude-sonnet-4", "claude-haiku-4", "gemini-2.5-pro", "mistral-large"];

    private static readonly (string Type, string Text)[] NewErrorPool =
    [
        ("SchemaValidationError", "Schema validation failed: required field '{0}' missing in tool output"),
        ("ContextLengthError", "Context length exceeded: {0} tokens requested, model limit reached"),
        ("AuthenticationError", "Authentication failed for upstream service: token {0} expired"),
        ("StreamError", "Unexpected end of stream from provider after {0} bytes"),
    ];

    /// <summary>Creates a scenario from a seed: four task types, three tools and two models picked from pools, and when <paramref name="planted"/> all five kinds of change.</summary>
    /// <param name="seed">The seed.</param>
    /// <param name="planted">Whether to plant changes (<see langword="false"/>: a clean scenario).</param>
    /// <param name="days">How many days to generate; at least 49 when planted. The default value is 70.</param>
    /// <param name="tasksPerDay">Task runs a weekday. The default value is 300.</param>
    /// <param name="start">The first day, or <see langword="null"/> for 2026-09-07 (a Monday).</param>
    /// <returns>The scenario.</returns>
    public static RegressionScenario Create(int seed, bool planted, int days = 70, int tasksPerDay = 300, DateTimeOffset? start = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, planted ? 49 : 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(tasksPerDay, 1);
        var random = new Random(Mix(seed, 0x0C4A));
        var tasks = Pick(random, TaskPool, 4);
        var tools = Pick(random, ToolPool, 3);
        var models = Pick(random, ModelPool, 2);
        var changes = new List<PlantedChange>();
        var scenario = new RegressionScenario
        {
            Seed = seed,
            Start = start ?? new DateTimeOffset(2026, 9, 7, 0, 0, 0, TimeSpan.Zero),
            Days = days,
            TasksPerDay = tasksPerDay,
            Tasks = tasks,
            Tools = tools,
            Models = models,
            Changes = changes,
        };
        if (planted)
        {
            // Steps start after a full baseline and window (35 days) and at least a week before the end.
            int StartDay() => random.Next(36, days - 7);
            var newError = NewErrorPool[random.Next(NewErrorPool.Length)];
            changes.Add(new PlantedChange { Kind = PlantedChangeKind.LatencyStep, Target = tools[random.Next(tools.Count)], StartDay = StartDay(), Magnitude = 1.8 + random.NextDouble() });
            changes.Add(new PlantedChange { Kind = PlantedChangeKind.ErrorRateStep, Target = tasks[0], StartDay = StartDay(), Magnitude = SmallestErrorStep(scenario) + (0.05 * random.NextDouble()) });
            changes.Add(new PlantedChange { Kind = PlantedChangeKind.PriceChange, Target = models[1], StartDay = StartDay(), Magnitude = 1.3 + random.NextDouble() });
            changes.Add(new PlantedChange { Kind = PlantedChangeKind.NewErrorTemplate, Target = tasks[2], StartDay = StartDay(), Magnitude = SmallestNewErrorShare(scenario) + (0.03 * random.NextDouble()), ErrorType = newError.Type, ErrorText = newError.Text });
            changes.Add(new PlantedChange { Kind = PlantedChangeKind.CostDrift, Target = tasks[3], StartDay = 0, Magnitude = SmallestDrift(scenario) + (DriftMargin * random.NextDouble()) });
        }

        return scenario;
    }

    /// <summary>Generates a scenario's events, task by task in time order (a task's events are contiguous).</summary>
    /// <param name="scenario">The scenario.</param>
    /// <returns>The events.</returns>
    public static IEnumerable<ExecutionEvent> Events(RegressionScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var (random, toolBase, promptBase, completionBase, weights) = Setup(scenario);
        var prices = scenario.Models.Select(_ => (Input: 0.15 + (4 * random.NextDouble()), Output: 0.6 + (12 * random.NextDouble()))).ToArray();
        var toolIndex = scenario.Tools.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i, StringComparer.Ordinal);
        var modelIndex = scenario.Models.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i, StringComparer.Ordinal);
        var totalWeight = weights.Sum();

        for (var day = 0; day < scenario.Days; day++)
        {
            var dayStart = scenario.Start.AddDays(day);
            var weekend = dayStart.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            var count = (int)Math.Round(scenario.TasksPerDay * (weekend ? WeekendShare : 1) * (1 + (0.05 * Normal(random))));
            var starts = new double[Math.Max(count, 0)];
            for (var i = 0; i < starts.Length; i++)
            {
                starts[i] = random.NextDouble() * 86_000;
            }

            Array.Sort(starts);
            for (var i = 0; i < starts.Length; i++)
            {
                var pick = random.NextDouble() * totalWeight;
                var t = 0;
                while (t < weights.Length - 1 && pick > weights[t])
                {
                    pick -= weights[t];
                    t++;
                }

                foreach (var e in Task(scenario, random, day, i, dayStart.AddSeconds(starts[i]), scenario.Tasks[t], toolBase, promptBase[t], completionBase[t], prices, toolIndex, modelIndex))
                {
                    yield return e;
                }
            }
        }
    }

    /// <summary>Writes a scenario's events as JSON lines, one file a week (<c>agent-week-NN.jsonl</c>).</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="directory">The folder (created when missing).</param>
    /// <returns>The number of events written.</returns>
    public static long WriteJsonLines(RegressionScenario scenario, string directory)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory.CreateDirectory(directory);
        long written = 0;
        var week = -1;
        FileStream? file = null;
        Utf8JsonWriter? writer = null;
        try
        {
            foreach (var e in Events(scenario))
            {
                var w = (int)((e.Timestamp - scenario.Start).TotalDays / 7);
                if (w != week || file is null)
                {
                    writer?.Dispose();
                    file?.Dispose();
                    week = w;
                    file = new FileStream(Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"agent-week-{w:D2}.jsonl")), FileMode.Append, FileAccess.Write, FileShare.Read, 1 << 16);
                    writer = new Utf8JsonWriter(file);
                }

                ExecutionEventJsonWriter.Write(writer!, e);
                writer!.Flush();
                writer.Reset();
                file.WriteByte((byte)'\n');
                written++;
            }
        }
        finally
        {
            writer?.Dispose();
            file?.Dispose();
        }

        return written;
    }

    private static List<ExecutionEvent> Task(
        RegressionScenario s, Random random, int day, int number, DateTimeOffset at, string task, double[] toolBase, double promptBase, double completionBase,
        (double Input, double Output)[] prices, Dictionary<string, int> toolIndex, Dictionary<string, int> modelIndex)
    {
        var id = string.Create(CultureInfo.InvariantCulture, $"t{day}-{number}");
        var events = new List<ExecutionEvent> { new() { Kind = ExecutionEventKind.TaskStart, EventName = "task_start", Timestamp = at, TaskId = id, TaskName = task } };
        var clock = 0.2;
        string? failedTool = null;
        foreach (var tool in s.ToolsOf(task))
        {
            var factor = Active(s, PlantedChangeKind.LatencyStep, tool, day) is { } step ? step.Magnitude : 1;
            var duration = toolBase[toolIndex[tool]] * LogNormal(random, 0.35) * factor;
            var success = random.NextDouble() >= ToolFailureRate;
            failedTool ??= success ? null : tool;
            clock += duration;
            events.Add(new ExecutionEvent
            {
                Kind = ExecutionEventKind.ToolExecution,
                EventName = "tool_execution",
                Timestamp = at.AddSeconds(clock),
                TaskId = id,
                ToolName = tool,
                Duration = Math.Round(duration, 3),
                Success = success,
                Error = success ? null : string.Create(CultureInfo.InvariantCulture, $"Connection reset by peer while calling {tool} (attempt {random.Next(1, 4)})"),
                ErrorType = success ? null : "ConnectionError",
            });
        }

        var model = s.ModelOf(task);
        var price = prices[modelIndex[model]];
        var priceFactor = Active(s, PlantedChangeKind.PriceChange, model, day) is { } change ? change.Magnitude : 1;
        var drift = Active(s, PlantedChangeKind.CostDrift, task, day) is { } d ? Math.Pow(1 + d.Magnitude, (day - d.StartDay) / 7.0) : 1;
        var calls = random.NextDouble() < TwoCallShare ? 2 : 1;
        for (var c = 0; c < calls; c++)
        {
            var prompt = (long)(promptBase * LogNormal(random, TokenSigma) * drift);
            var completion = (long)(completionBase * LogNormal(random, TokenSigma) * drift);
            var duration = 0.4 + (completion / 90.0 * LogNormal(random, 0.2));
            clock += duration;
            events.Add(new ExecutionEvent
            {
                Kind = ExecutionEventKind.LlmInteraction,
                EventName = "llm_interaction",
                Timestamp = at.AddSeconds(clock),
                TaskId = id,
                Provider = model.StartsWith("gpt", StringComparison.Ordinal) ? "openai" : "other",
                Model = model,
                PromptTokens = prompt,
                CompletionTokens = completion,
                TotalTokens = prompt + completion,
                Duration = Math.Round(duration, 3),
                EstimatedCost = Math.Round(((prompt * price.Input) + (completion * price.Output)) * priceFactor / 1_000_000d, 8),
            });
        }

        var errorRate = Active(s, PlantedChangeKind.ErrorRateStep, task, day) is { } rate ? rate.Magnitude : BaseErrorRate;
        var newError = Active(s, PlantedChangeKind.NewErrorTemplate, task, day);
        var roll = random.NextDouble();
        clock += 0.1;
        string? error = null, errorType = null;
        if (newError is not null && roll < newError.Magnitude)
        {
            errorType = newError.ErrorType;
            error = string.Format(CultureInfo.InvariantCulture, newError.ErrorText!, random.Next(100, 100_000));
        }
        else if (failedTool is not null || roll < errorRate + (newError?.Magnitude ?? 0))
        {
            (errorType, error) = random.Next(3) switch
            {
                0 => ("RateLimitError", string.Create(CultureInfo.InvariantCulture, $"Rate limit exceeded for {model}, retry after {random.Next(2, 60)}s")),
                1 => ("ValueError", string.Create(CultureInfo.InvariantCulture, $"Invalid JSON in model output at position {random.Next(10, 5000)}")),
                _ => ("HTTPError", $"Upstream service returned HTTP 502 for request {Guid(random)}"),
            };
        }
        else if (roll > 0.99)
        {
            errorType = "TimeoutError";
            error = string.Create(CultureInfo.InvariantCulture, $"Timeout after 30s calling {s.ToolsOf(task)[0]}");
        }

        events.Add(new ExecutionEvent
        {
            Kind = error is null ? ExecutionEventKind.TaskComplete : ExecutionEventKind.TaskError,
            EventName = error is null ? "task_complete" : "task_error",
            Timestamp = at.AddSeconds(clock),
            TaskId = id,
            TaskName = task,
            Duration = Math.Round(clock, 3),
            Error = error,
            ErrorType = errorType,
        });
        return events;
    }

    /// <summary>
    /// The task type's error rate (its own failures and its tools') without the step and with it: what the detector
    /// compares for <see cref="PlantedChangeKind.ErrorRateStep"/>.
    /// </summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="change">The error-rate step.</param>
    /// <returns>The rates before and after.</returns>
    internal static (double Before, double After) ErrorRates(RegressionScenario scenario, PlantedChange change)
    {
        var tools = Math.Pow(1 - ToolFailureRate, scenario.ToolsOf(change.Target).Count);
        return (1 - (tools * (1 - BaseErrorRate)), 1 - (tools * (1 - change.Magnitude)));
    }

    /// <summary>The events' random source, advanced past the scenario's fixed figures, and those figures.</summary>
    private static (Random Random, double[] ToolBase, double[] PromptBase, double[] CompletionBase, double[] Weights) Setup(RegressionScenario scenario)
    {
        var random = new Random(Mix(scenario.Seed, 0x5EED));
        var toolBase = scenario.Tools.Select(_ => 0.3 + (2.5 * random.NextDouble())).ToArray();
        var promptBase = scenario.Tasks.Select(_ => 600 + (3000 * random.NextDouble())).ToArray();
        var completionBase = scenario.Tasks.Select(_ => 150 + (500 * random.NextDouble())).ToArray();
        var weights = scenario.Tasks.Select(_ => 0.5 + random.NextDouble()).ToArray();
        return (random, toolBase, promptBase, completionBase, weights);
    }

    /// <summary>
    /// A seed for one of a scenario's random sources: a 32-bit finaliser (MurmurHash3's) over the seed and a salt, so
    /// that seeds <c>s</c> and <c>-s</c> (a planted and a clean scenario) and nearby seeds draw unrelated streams
    /// (<see cref="Random(int)"/> takes the absolute value, and <c>seed ^ salt</c> of a negative seed is often the
    /// complement of a positive one's).
    /// </summary>
    private static int Mix(int seed, uint salt)
    {
        unchecked
        {
            var z = ((uint)seed * 0x9E3779B9u) ^ salt;
            z = (z ^ (z >> 16)) * 0x85EBCA6Bu;
            z = (z ^ (z >> 13)) * 0xC2B2AE35u;
            z ^= z >> 16;
            return (int)(z & 0x7FFFFFFF);
        }
    }

    private static PlantedChange? Active(RegressionScenario s, PlantedChangeKind kind, string target, int day)
    {
        foreach (var change in s.Changes)
        {
            if (change.Kind == kind && day >= change.StartDay && string.Equals(change.Target, target, StringComparison.Ordinal))
            {
                return change;
            }
        }

        return null;
    }

    private static List<string> Pick(Random random, string[] pool, int count)
    {
        var copy = (string[])pool.Clone();
        random.Shuffle(copy);
        return [.. copy.Take(count)];
    }

    private static double Normal(Random random)
    {
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static double LogNormal(Random random, double sigma) => Math.Exp((sigma * Normal(random)) - (sigma * sigma / 2));

    private static string Guid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new System.Guid(bytes).ToString();
    }
}
