namespace Alpha.Learning.Analysis;

/// <summary>
/// What a recommendation touches: the task types, tools, models and error types whose outcomes it can change. The
/// loop judges an applied change on the outcomes of the tasks in its scope, and never applies two changes with
/// overlapping scopes in one cycle.
/// </summary>
public sealed class RecommendationScope
{
    /// <summary>Gets a scope that touches nothing named (the change is judged on every task).</summary>
    public static RecommendationScope Empty { get; } = new();

    /// <summary>Gets the task types (task names) the change touches.</summary>
    public IReadOnlyList<string> TaskTypes { get; init; } = [];

    /// <summary>Gets the tools the change touches: a task that called one of them is in scope.</summary>
    public IReadOnlyList<string> Tools { get; init; } = [];

    /// <summary>Gets the models the change touches (for a routing change: the model routed away from and the one routed to).</summary>
    public IReadOnlyList<string> Models { get; init; } = [];

    /// <summary>Gets the error types the change touches: a task that failed with one of them is in scope.</summary>
    public IReadOnlyList<string> ErrorTypes { get; init; } = [];

    /// <summary>Gets whether the scope names nothing.</summary>
    public bool IsEmpty => TaskTypes.Count == 0 && Tools.Count == 0 && Models.Count == 0 && ErrorTypes.Count == 0;

    /// <summary>
    /// Returns whether two scopes touch a common task type, tool, model or error type. An empty scope overlaps every
    /// scope (it is judged on every task).
    /// </summary>
    /// <param name="other">The other scope.</param>
    /// <returns><see langword="true"/> when the scopes overlap.</returns>
    public bool Overlaps(RecommendationScope other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return IsEmpty || other.IsEmpty
            || Common(TaskTypes, other.TaskTypes) || Common(Tools, other.Tools) || Common(Models, other.Models) || Common(ErrorTypes, other.ErrorTypes);
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Join("; ", new[] { ("tasks", TaskTypes), ("tools", Tools), ("models", Models), ("errors", ErrorTypes) }
            .Where(p => p.Item2.Count > 0)
            .Select(p => p.Item1 + " " + string.Join(", ", p.Item2)));

    private static bool Common(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        foreach (var x in a)
        {
            foreach (var y in b)
            {
                if (string.Equals(x, y, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
