using Alpha.Learning.Logs;

using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Analysis.Internal;

/// <summary>The per-analysis observation of <c>high_cost_operation</c>: per-model spend, prices and the task types each model serves.</summary>
internal sealed partial class HighCostDetector
{
    private sealed class Outcome
    {
        public long Runs { get; set; }

        public long Successes { get; set; }
    }

    private sealed class ModelStats
    {
        public long Calls { get; set; }

        public long PricedCalls { get; set; }

        public double TotalCost { get; set; }

        public Occurrence Expensive { get; } = new();

        public Occurrence Unpriced { get; } = new();

        public QuantileSketch Costs { get; } = new();

        public bool Resolved { get; set; }

        public string? PriceKey { get; set; }

        public ModelPrice? Price { get; set; }

        public Dictionary<string, Outcome> ByTaskType { get; } = new(StringComparer.Ordinal);
    }

    private sealed class TaskModels
    {
        public List<string> Models { get; } = new(2);

        /// <summary>The work each model did in the task (tokens, or cost when no tokens are logged), by the index in <see cref="Models"/>.</summary>
        public List<double> Work { get; } = new(2);

        /// <summary>The model that served the task's main work: the most tokens (then the most cost); <see langword="null"/> when none.</summary>
        public string? Main
        {
            get
            {
                var best = -1;
                for (var i = 0; i < Models.Count; i++)
                {
                    if (best < 0 || Work[i] > Work[best])
                    {
                        best = i;
                    }
                }

                return best < 0 ? null : Models[best];
            }
        }

        public static void Reset(TaskModels task)
        {
            task.Models.Clear();
            task.Work.Clear();
        }
    }

    internal sealed class Session : DetectorSession
    {
        private readonly AnalysisContext _context;
        private readonly AnalysisOptions _options;
        private readonly Dictionary<string, ModelStats> _models = new(StringComparer.Ordinal);
        private readonly OpenTaskTable<TaskModels> _open;

        public Session(AnalysisContext context)
        {
            _context = context;
            _options = context.Options;
            _open = new OpenTaskTable<TaskModels>(_options.MaxOpenTasks, _options.OpenTaskStaleAfter, static () => new TaskModels(), TaskModels.Reset);
        }

        internal int OpenTasks => _open.Count;

        public override void Observe(ExecutionEvent executionEvent)
        {
            switch (executionEvent.Kind)
            {
                case ExecutionEventKind.LlmInteraction when executionEvent.Model is { } model:
                    ObserveCall(executionEvent, model);
                    break;
                case ExecutionEventKind.TaskComplete or ExecutionEventKind.TaskError when executionEvent.TaskId is { } taskId:
                    if (_open.Remove(taskId) is { } open && executionEvent.TaskName is { } taskName)
                    {
                        // A task's outcome is credited to the model that served its main work, never to a model that
                        // only made an auxiliary call in it: evidence that a cheaper model works for a task type comes
                        // only from tasks of that type it served.
                        var success = executionEvent.Kind == ExecutionEventKind.TaskComplete;
                        if (open.Main is { } used)
                        {
                            if (_models.TryGetValue(used, out var stats)
                                && DetectorSupport.GetOrAdd(stats.ByTaskType, taskName, MaxTaskTypesPerModel) is { } outcome)
                            {
                                outcome.Runs++;
                                if (success)
                                {
                                    outcome.Successes++;
                                }
                            }
                        }
                    }

                    break;
            }
        }

        private void ObserveCall(ExecutionEvent e, string model)
        {
            var stats = DetectorSupport.GetOrAdd(_models, model, _options.MaxSubjects);
            if (stats is null)
            {
                return;
            }

            if (!stats.Resolved)
            {
                (stats.PriceKey, stats.Price) = ResolvePrice(_options.ModelPrices, model);
                stats.Resolved = true;
            }

            stats.Calls++;
            double? cost = e.EstimatedCost;
            if (cost is null && stats.Price is { } price)
            {
                if (e.PromptTokens is not null || e.CompletionTokens is not null)
                {
                    cost = price.Cost(e.PromptTokens ?? 0, e.CompletionTokens ?? 0);
                }
                else if (e.TotalTokens is { } total)
                {
                    cost = total * Math.Max(price.InputPerMillion, price.OutputPerMillion) / 1_000_000d;
                }
            }

            if (cost is { } value && double.IsFinite(value) && value >= 0)
            {
                stats.PricedCalls++;
                stats.TotalCost += value;
                stats.Costs.Add(value);
                if (value > _options.HighCostThresholdUsd)
                {
                    stats.Expensive.Add(e.Timestamp);
                }
            }
            else
            {
                stats.Unpriced.Add(e.Timestamp);
            }

            if (e.TaskId is { } taskId)
            {
                var open = _open.Touch(taskId, e.Timestamp);
                var work = e.TotalTokens ?? ((e.PromptTokens ?? 0) + (e.CompletionTokens ?? 0));
                var amount = work > 0 ? work : (cost ?? 0) * 1e-6; // tokens first; cost only breaks ties between token-less calls
                var index = open.Models.IndexOf(model);
                if (index >= 0)
                {
                    open.Work[index] += amount;
                }
                else if (open.Models.Count < MaxModelsPerTask)
                {
                    open.Models.Add(model);
                    open.Work.Add(amount);
                }
            }
        }

        public override IReadOnlyList<LogPattern> GetPatterns()
        {
            var patterns = new List<LogPattern>();
            foreach (var (model, stats) in _models)
            {
                var metadata = DetectorSupport.Metadata(LogPattern.ModelSubject);
                metadata["calls"] = stats.Calls;
                metadata["unpriced_calls"] = stats.Unpriced.Count;
                metadata["threshold_usd"] = _options.HighCostThresholdUsd;
                if (stats.PriceKey is not null)
                {
                    metadata["price_key"] = stats.PriceKey;
                }

                var taskTypes = new List<string>(stats.ByTaskType.Keys);
                taskTypes.Sort(StringComparer.Ordinal);
                metadata["task_types"] = taskTypes;

                if (stats.Expensive.Count >= _options.HighCostMinOccurrences)
                {
                    var average = stats.TotalCost / stats.PricedCalls;
                    metadata["unpriced"] = false;
                    metadata["expensive_calls"] = stats.Expensive.Count;
                    metadata["total_cost_usd"] = Statistics.Round(stats.TotalCost, 6);
                    metadata["avg_cost_usd"] = Statistics.Round(average, 6);
                    metadata["p95_cost_usd"] = Statistics.Round(stats.Costs.Quantile(0.95), 6);
                    metadata["max_cost_usd"] = Statistics.Round(stats.Costs.Max, 6);
                    AddCheaper(model, stats, taskTypes, metadata);
                    var rate = (double)stats.Expensive.Count / stats.Calls;
                    patterns.Add(new LogPattern
                    {
                        Type = PatternType.HighCostOperation,
                        Subject = LogPattern.ModelSubject,
                        Key = model,
                        Description = Inv($"Model {model} had {stats.Expensive.Count} calls over {Recommendations.Usd(_options.HighCostThresholdUsd)} (total {Recommendations.Usd(Statistics.Round(stats.TotalCost, 4))}, average {Recommendations.Usd(Statistics.Round(average, 4))})."),
                        Occurrences = stats.Expensive.Count,
                        ImpactScore = Statistics.Impact(stats.Expensive.Count, stats.Expensive.Last, _context.Now, 50, _options.RecencyHalfLife, Math.Clamp(0.4 + (0.6 * rate), 0, 1)),
                        FirstSeen = stats.Expensive.First,
                        LastSeen = stats.Expensive.Last,
                        Metadata = metadata,
                    });
                }
                else if (stats.PricedCalls == 0 && stats.Unpriced.Count >= _options.HighCostMinOccurrences)
                {
                    metadata["unpriced"] = true;
                    patterns.Add(new LogPattern
                    {
                        Type = PatternType.HighCostOperation,
                        Subject = LogPattern.ModelSubject,
                        Key = model,
                        Description = Inv($"Model {model} had {stats.Unpriced.Count} calls with no logged cost and no price in the table: cost unknown."),
                        Occurrences = stats.Unpriced.Count,
                        ImpactScore = 0.1,
                        FirstSeen = stats.Unpriced.First,
                        LastSeen = stats.Unpriced.Last,
                        Metadata = metadata,
                    });
                }
            }

            return DetectorSupport.SortedPatterns(patterns);
        }

        private void AddCheaper(string model, ModelStats stats, List<string> taskTypes, Dictionary<string, object> metadata)
        {
            if (taskTypes.Count == 0)
            {
                return;
            }

            string? bestKey = null;
            var bestPrice = double.MaxValue;
            long bestMinRuns = 0;
            var bestMinRate = 0.0;
            foreach (var (other, candidate) in _models)
            {
                if (ReferenceEquals(candidate, stats) || candidate.PriceKey is null || candidate.Price is null || string.Equals(other, model, StringComparison.Ordinal))
                {
                    continue;
                }

                var cheaper = stats.Price is not null
                    ? candidate.Price.Blended < stats.Price.Blended
                    : candidate.PricedCalls > 0 && stats.PricedCalls > 0 && (candidate.TotalCost / candidate.PricedCalls) < (stats.TotalCost / stats.PricedCalls);
                if (!cheaper || candidate.Price.Blended > bestPrice
                    || (candidate.Price.Blended == bestPrice && string.CompareOrdinal(candidate.PriceKey, bestKey) >= 0))
                {
                    continue;
                }

                long minRuns = long.MaxValue;
                var minRate = 1.0;
                var ok = true;
                foreach (var task in taskTypes)
                {
                    if (!candidate.ByTaskType.TryGetValue(task, out var outcome) || outcome.Runs < _options.RoutingMinRuns
                        || (double)outcome.Successes / outcome.Runs < _options.RoutingMinSuccessRate)
                    {
                        ok = false;
                        break;
                    }

                    minRuns = Math.Min(minRuns, outcome.Runs);
                    minRate = Math.Min(minRate, (double)outcome.Successes / outcome.Runs);
                }

                if (ok)
                {
                    bestKey = candidate.PriceKey;
                    bestPrice = candidate.Price.Blended;
                    bestMinRuns = minRuns;
                    bestMinRate = minRate;
                }
            }

            if (bestKey is not null)
            {
                metadata["cheaper_model"] = bestKey;
                metadata["cheaper_model_min_runs"] = bestMinRuns;
                metadata["cheaper_model_min_success_rate"] = Statistics.Round(bestMinRate);
                metadata["routed_task_types"] = new List<string>(taskTypes);
            }
        }
    }
}
