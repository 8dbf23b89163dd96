using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;

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
