using System.Globalization;

using Alpha.Learning.Logs;

namespace Alpha.Learning.SimulatedAgent;

/// <summary>
/// A deterministic agent whose outcomes depend on its config: timeouts cut work, retries absorb transient errors at a
/// latency cost, routing changes cost and success per task type, de-duplication drops repeated calls. Each task run's
/// randomness depends only on the world's seed, the day and the run's index, so every arm sees the same task stream.
/// </summary>
public sealed class SimulatedWorld(WorldSpec spec)
{
    private const int TypeCount = 6;

    public WorldSpec Spec { get; } = spec;

    /// <summary>Simulates one day under a config (values by dotted path); appends the events to <paramref name="events"/> when given.</summary>
    public Dictionary<string, TypeOutcome> Day(int day, DateTimeOffset start, IReadOnlyDictionary<string, object?> config, List<ExecutionEvent>? events, int? tasksPerType = null)
    {
        var outcomes = new Dictionary<string, TypeOutcome>(StringComparer.Ordinal);
        var n = tasksPerType ?? Spec.TasksPerTypePerDay;
        for (var type = 0; type < TypeCount; type++)
        {
            for (var i = 0; i < n; i++)
            {
                var random = new Random(unchecked((Spec.Seed * 31) + (day * 7919) + (type * 104729) + (i * 15485863)));
                var at = start + TimeSpan.FromSeconds(86_000.0 * (i + random.NextDouble()) / n);
                var id = string.Create(CultureInfo.InvariantCulture, $"d{day}-t{type}-{i}");
                var run = new Run(this, config, random, at, id, events, day);
                var (name, success, cost, duration) = type switch
                {
                    0 => run.Routed(),
                    1 => run.Timeout(),
                    2 => run.Retry(),
                    3 => run.Outage(),
                    4 => run.Flaky(),
                    _ => run.Dedupe(),
                };
                if (!outcomes.TryGetValue(name, out var outcome))
                {
                    outcomes[name] = outcome = new TypeOutcome();
                }

                outcome.Tasks++;
                outcome.Successes += success ? 1 : 0;
                outcome.Cost += cost;
                outcome.Durations.Add(duration);
            }
        }

        return outcomes;
    }

    /// <summary>The expected outcomes of a config (a large run on days without an outage), for the ground truth.</summary>
    public Dictionary<string, TypeOutcome> Expected(IReadOnlyDictionary<string, object?> config)
    {
        var total = new Dictionary<string, TypeOutcome>(StringComparer.Ordinal);
        for (var d = 0; d < 10; d++)
        {
            foreach (var (name, o) in Day(-1000 - d, DateTimeOffset.UnixEpoch, config, null, 300))
            {
                if (!total.TryGetValue(name, out var t))
                {
                    total[name] = t = new TypeOutcome();
                }

                t.Tasks += o.Tasks;
                t.Successes += o.Successes;
                t.Cost += o.Cost;
            }
        }

        return total;
    }

    internal double Price(string model) => model == Spec.PremiumModel ? Spec.PremiumUsdPerMillion : Spec.CheapUsdPerMillion;

    private sealed class Run(SimulatedWorld world, IReadOnlyDictionary<string, object?> config, Random random, DateTimeOffset start, string id, List<ExecutionEvent>? events, int day)
    {
        private readonly WorldSpec _s = world.Spec;
        private double _clock;
        private double _cost;

        public (string, bool, double, double) Routed()
        {
            var task = _s.RoutedTask;
            Begin(task);
            var model = Text($"model_routing.{task}") ?? _s.PremiumModel;
            var easy = random.NextDouble() < _s.RoutedCanaryShare;
            var canary = model == _s.PremiumModel && easy; // the agent's canary sends easy inputs to the cheap model
            Llm(canary ? _s.CheapModel : model, (long)(_s.RoutedTokens * (0.9 + (0.2 * random.NextDouble()))), 6 + random.NextDouble());
            Llm(_s.CheapModel, 300, 0.4); // the auxiliary call that makes the logs credit the cheap model with this task type
            var quality = model == _s.PremiumModel || easy ? _s.RoutedPremiumSuccess : _s.RoutedCheapSuccess;
            return End(task, random.NextDouble() < quality, "QualityCheckError", "The summary failed the quality check (score 0.41)");
        }

        public (string, bool, double, double) Timeout()
        {
            var task = _s.TimeoutTask;
            Begin(task);
            Llm(Text($"model_routing.{task}") ?? _s.CheapModel, 900, 1.5);
            var need = _s.TimeoutMedianSeconds * Math.Exp(_s.TimeoutSigma * Gaussian());
            var limit = Number($"tasks.timeouts.{task}") ?? 30;
            if (need > limit)
            {
                _clock += limit;
                return End(task, false, "TimeoutError", string.Create(CultureInfo.InvariantCulture, $"Timeout after {limit}s waiting for the crawl"));
            }

            _clock += need;
            return End(task, true, null, null);
        }

        public (string, bool, double, double) Retry()
        {
            var task = _s.RetryTask;
            Begin(task);
            var retries = (int)(Number($"error_handling.{_s.TransientError}.max_retries") ?? 0);
            var backoff = Number($"error_handling.{_s.TransientError}.backoff_seconds") ?? 1;
            for (var attempt = 0; ; attempt++)
            {
                Llm(_s.CheapModel, 1500, 3 + random.NextDouble());
                if (random.NextDouble() >= _s.TransientRate)
                {
                    return End(task, true, null, null);
                }

                if (attempt >= retries)
                {
                    return End(task, false, _s.TransientError, string.Create(CultureInfo.InvariantCulture, $"connection reset by peer while calling the review service (host 10.0.{random.Next(0, 9)}.{random.Next(1, 250)})"));
                }

                _clock += backoff * Math.Pow(2, attempt);
            }
        }

        public (string, bool, double, double) Outage()
        {
            var task = _s.OutageTask;
            Begin(task);
            Llm(_s.CheapModel, 700, 1.2);
            var limit = Number($"tasks.timeouts.{task}") ?? 30;
            if (Array.IndexOf(_s.OutageDays, day) >= 0 && random.NextDouble() < 0.7)
            {
                Tool(_s.OutageTool, limit, false, "{\"table\":\"sales\"}");
                return End(task, false, "TimeoutError", string.Create(CultureInfo.InvariantCulture, $"Timeout after {limit}s calling {_s.OutageTool}"));
            }

            Tool(_s.OutageTool, 0.8 + random.NextDouble(), true, "{\"table\":\"sales\"}");
            return End(task, random.NextDouble() < 0.97, "ExportError", "The export was rejected by the schema check");
        }

        public (string, bool, double, double) Flaky()
        {
            var task = _s.FlakyTask;
            Begin(task);
            var retries = (int)(Number($"tools.{_s.FlakyTool}.max_retries") ?? _s.FlakyDefaultRetries);
            var broken = random.NextDouble() < _s.FlakyBrokenRate;
            var key = string.Create(CultureInfo.InvariantCulture, $"{{\"key\":\"k{random.Next(1000)}\"}}");
            for (var attempt = 0; attempt <= retries; attempt++)
            {
                Llm(_s.CheapModel, 2500, 0.8); // the agent plans each attempt again
                var ok = !broken && random.NextDouble() < 0.9;
                Tool(_s.FlakyTool, ok ? 0.6 + (0.4 * random.NextDouble()) : 0.05 + (0.05 * random.NextDouble()), ok, key);
                if (ok)
                {
                    return End(task, true, null, null);
                }
            }

            return End(task, false, "LookupError", "The key was not found in the store");
        }

        public (string, bool, double, double) Dedupe()
        {
            var task = _s.DedupeTask;
            Begin(task);
            Llm(_s.CheapModel, 1000, 2);
            var dedupe = config.TryGetValue($"tools.{_s.DedupeTool}.deduplicate_calls", out var v) && v is true;
            var query = string.Create(CultureInfo.InvariantCulture, $"{{\"q\":\"topic {random.Next(5000)}\"}}");
            var seconds = _s.DedupeToolSeconds * (0.8 + (0.4 * random.NextDouble()));
            Tool(_s.DedupeTool, seconds, true, query);
            if (!dedupe)
            {
                Tool(_s.DedupeTool, seconds, true, query);
            }

            return End(task, random.NextDouble() < 0.98, "ParseError", "The page could not be parsed");
        }

        private double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

        private double? Number(string path) => config.TryGetValue(path, out var v) ? v switch
        {
            long l => l,
            double d => d,
            int i => i,
            _ => null,
        } : null;

        private string? Text(string path) => config.TryGetValue(path, out var v) ? v as string : null;

        private DateTimeOffset Now => start + TimeSpan.FromSeconds(_clock);

        private void Begin(string task) =>
            events?.Add(new ExecutionEvent { Kind = ExecutionEventKind.TaskStart, EventName = "task_start", Timestamp = start, TaskId = id, TaskName = task });

        private void Llm(string model, long tokens, double seconds)
        {
            _clock += seconds;
            var cost = tokens * world.Price(model) / 1_000_000d;
            _cost += cost;
            events?.Add(new ExecutionEvent
            {
                Kind = ExecutionEventKind.LlmInteraction, EventName = "llm_interaction", Timestamp = Now, TaskId = id, Provider = "sim", Model = model,
                PromptTokens = tokens * 3 / 4, CompletionTokens = tokens / 4, TotalTokens = tokens, Duration = seconds, EstimatedCost = cost,
            });
        }

        private void Tool(string tool, double seconds, bool success, string parameters)
        {
            _clock += seconds;
            events?.Add(new ExecutionEvent
            {
                Kind = ExecutionEventKind.ToolExecution, EventName = "tool_execution", Timestamp = Now, TaskId = id, ToolName = tool, Duration = seconds,
                Success = success, Parameters = parameters, Error = success ? null : "call failed",
            });
        }

        private (string, bool, double, double) End(string task, bool success, string? errorType, string? error)
        {
            _clock += 0.2;
            events?.Add(success
                ? new ExecutionEvent { Kind = ExecutionEventKind.TaskComplete, EventName = "task_complete", Timestamp = Now, TaskId = id, TaskName = task, Duration = _clock, Success = true }
                : new ExecutionEvent { Kind = ExecutionEventKind.TaskError, EventName = "task_error", Timestamp = Now, TaskId = id, TaskName = task, Duration = _clock, Error = error, ErrorType = errorType });
            return (task, success, _cost, _clock);
        }
    }
}
