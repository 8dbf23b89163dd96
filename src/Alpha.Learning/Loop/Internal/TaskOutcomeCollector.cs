using Alpha.Learning.Analysis;
using Alpha.Learning.Analysis.Internal;
using Alpha.Learning.Logs;

namespace Alpha.Learning.Loop.Internal;

/// <summary>
/// Rebuilds task runs from the events of one pass (start, tools called, models and cost of its LLM calls, end) and
/// hands each finished run to every <see cref="OutcomeTarget"/>. A run's model is the one that served its main work
/// (the most tokens), never any model that made a call in it. Memory is bounded by the open runs.
/// </summary>
internal sealed class TaskOutcomeCollector(AnalysisOptions options, IReadOnlyList<OutcomeTarget> targets, Action<TaskOutcome>? observer = null)
{
    private const int MaxOpenTasks = 100_000;
    private const int MaxToolsPerTask = 16;
    private readonly Dictionary<string, OpenTask> _open = new(StringComparer.Ordinal);

    public IReadOnlyList<OutcomeTarget> Targets { get; } = targets;

    public void Observe(ExecutionEvent e)
    {
        if (e.TaskId is not { } id)
        {
            return;
        }

        switch (e.Kind)
        {
            case ExecutionEventKind.TaskStart:
                Get(id, e.Timestamp)?.Start ??= e.Timestamp;
                break;
            case ExecutionEventKind.ToolExecution when e.ToolName is { } tool && Get(id, e.Timestamp) is { } open:
                if (open.Tools.Count < MaxToolsPerTask && !open.Tools.Contains(tool))
                {
                    open.Tools.Add(tool);
                }

                break;
            case ExecutionEventKind.LlmInteraction when Get(id, e.Timestamp) is { } open:
                var cost = e.EstimatedCost;
                if (cost is null && e.Model is { } priced && HighCostDetector.ResolvePrice(options.ModelPrices, priced).Price is { } price)
                {
                    cost = price.Cost(e.PromptTokens ?? 0, e.CompletionTokens ?? 0);
                }

                open.Cost += cost is { } c && double.IsFinite(c) && c >= 0 ? c : 0;
                if (e.Model is { } model)
                {
                    var work = e.TotalTokens ?? ((e.PromptTokens ?? 0) + (e.CompletionTokens ?? 0));
                    open.Work[model] = open.Work.GetValueOrDefault(model) + Math.Max(work, 0) + ((cost ?? 0) * 1e-6);
                }

                break;
            case ExecutionEventKind.TaskComplete or ExecutionEventKind.TaskError when e.TaskName is { } name:
                _open.Remove(id, out var done);
                var start = done?.Start ?? done?.FirstSeen ?? (e.Duration is { } d ? e.Timestamp.AddSeconds(-d) : e.Timestamp);
                var outcome = new TaskOutcome(
                    name,
                    start,
                    e.Kind == ExecutionEventKind.TaskComplete,
                    e.Duration ?? Math.Max(0, (e.Timestamp - start).TotalSeconds),
                    done?.Cost ?? 0,
                    done?.MainModel,
                    e.Kind == ExecutionEventKind.TaskError ? e.ErrorType : null,
                    done?.Tools ?? (IReadOnlyList<string>)[]);
                foreach (var target in Targets)
                {
                    target.Observe(outcome);
                }

                observer?.Invoke(outcome);

                break;
        }
    }

    private OpenTask? Get(string id, DateTimeOffset at)
    {
        if (_open.TryGetValue(id, out var open))
        {
            return open;
        }

        if (_open.Count >= MaxOpenTasks)
        {
            return null;
        }

        open = new OpenTask { FirstSeen = at };
        _open[id] = open;
        return open;
    }

    private sealed class OpenTask
    {
        public DateTimeOffset? Start { get; set; }

        public DateTimeOffset FirstSeen { get; init; }

        public List<string> Tools { get; } = [];

        public Dictionary<string, double> Work { get; } = new(StringComparer.Ordinal);

        public double Cost { get; set; }

        public string? MainModel => Work.Count == 0 ? null : Work.MaxBy(kv => kv.Value).Key;
    }
}
