using Alpha.Learning.Logs;

namespace Alpha.Learning.Analysis.Internal;

/// <summary>The per-analysis observation of <c>high_cost_operation</c>: per-model spend, prices and the task types each model serves.</summary>
internal sealed partial class HighCostDetector
{
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
        private readonly Dictionary<string, ModelCostStats> _models = new(StringComparer.Ordinal);
        private readonly OpenTaskTable<TaskModels> _open;

        public Session(AnalysisContext context)
        {
            _context = context;
            _options = context.Options;
            _open = new OpenTaskTable<TaskModels>(_options.MaxOpenTasks, _options.OpenTaskStaleAfter, static () => new TaskModels(), TaskModels.Reset);
        }

        internal int OpenTasks => _open.Count;

        /// <summary>Gets the models seen so far (what a fleet instance reports of them).</summary>
        internal IReadOnlyDictionary<string, ModelCostStats> Models => _models;

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
                            if (_models.TryGetValue(used, out var stats))
                            {
                                stats.AddOutcome(taskName, 1, success ? 1 : 0);
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

            stats.Resolve(model, _options);

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

        public override IReadOnlyList<LogPattern> GetPatterns() => Patterns(_models, _options, _context.Now);
    }
}
