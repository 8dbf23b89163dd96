using Alpha.Learning.Analysis;
using Alpha.Learning.Analysis.Internal;
using Alpha.Learning.Improvements;
using Alpha.Learning.Logs;

namespace Alpha.Learning.Loop.Internal;

/// <summary>
/// What one applied improvement is judged on: the task runs in its scope before and after it was applied, each window
/// cut at the nearest other change (applied or rolled back) whose scope overlaps, and the runs outside its scope over
/// the same windows (to tell an outage across scopes from a regression).
/// </summary>
internal sealed class OutcomeTarget(
    ImprovementRecord improvement,
    RecommendationScope scope,
    DateTimeOffset split,
    DateTimeOffset? beforeFrom,
    DateTimeOffset? afterTo,
    IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)>? excluded = null)
{
    public ImprovementRecord Improvement { get; } = improvement;

    public RecommendationScope Scope { get; } = scope;

    public DateTimeOffset Split { get; } = split;

    /// <summary>Gets the start of the before-window (an earlier overlapping change), or <see langword="null"/> for the read's start.</summary>
    public DateTimeOffset? BeforeFrom { get; } = beforeFrom;

    /// <summary>Gets the end of the after-window (a later overlapping change), or <see langword="null"/> for now.</summary>
    public DateTimeOffset? AfterTo { get; } = afterTo;

    /// <summary>Gets the periods left out of both windows (another change in scope was in effect and was later rolled back).</summary>
    public IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> Excluded { get; } = excluded ?? [];

    public ScopeOutcomes Before { get; } = new(17);

    public ScopeOutcomes After { get; } = new(31);

    public ScopeOutcomes OutsideBefore { get; } = new(43);

    public ScopeOutcomes OutsideAfter { get; } = new(59);

    public bool InScope(in TaskOutcome task)
    {
        var scope = Scope;
        if (scope.IsEmpty)
        {
            return true;
        }

        if (Contains(scope.TaskTypes, task.TaskType))
        {
            return true;
        }

        foreach (var tool in task.Tools)
        {
            if (Contains(scope.Tools, tool))
            {
                return true;
            }
        }

        // Models and error types decide only when the scope names no task type or tool: a routing change is judged on
        // the routed task types (whatever model serves them), a retry change on the task types that hit the error.
        return scope.TaskTypes.Count == 0 && scope.Tools.Count == 0
            && ((task.MainModel is { } model && Contains(scope.Models, model)) || (task.ErrorType is { } error && Contains(scope.ErrorTypes, error)));
    }

    public void Observe(in TaskOutcome task)
    {
        var before = task.Start < Split;
        if (before ? BeforeFrom is { } from && task.Start < from : AfterTo is { } to && task.Start >= to)
        {
            return; // outside the window this verdict may use
        }

        foreach (var (leftFrom, leftTo) in Excluded)
        {
            if (task.Start >= leftFrom && task.Start < leftTo)
            {
                return; // another change in scope was in effect then
            }
        }

        if (InScope(task))
        {
            (before ? Before : After).Add(task);
        }
        else
        {
            (before ? OutsideBefore : OutsideAfter).Add(task);
        }
    }

    private static bool Contains(IReadOnlyList<string> names, string name)
    {
        foreach (var n in names)
        {
            if (string.Equals(n, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}

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
