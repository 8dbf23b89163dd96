namespace Alpha.Learning.LogGenerator;

/// <summary>A generated agent with its task types, tools and models, and the changes planted in its logs.</summary>
public sealed class RegressionScenario
{
    /// <summary>Gets the seed: the same scenario always gives the same events.</summary>
    public required int Seed { get; init; }

    /// <summary>Gets the first instant (a UTC midnight).</summary>
    public required DateTimeOffset Start { get; init; }

    /// <summary>Gets the number of days generated.</summary>
    public required int Days { get; init; }

    /// <summary>Gets the task runs a weekday (weekends get 60 %).</summary>
    public required int TasksPerDay { get; init; }

    /// <summary>Gets the task types; each uses one model and one or two tools.</summary>
    public required IReadOnlyList<string> Tasks { get; init; }

    /// <summary>Gets the tools.</summary>
    public required IReadOnlyList<string> Tools { get; init; }

    /// <summary>Gets the models.</summary>
    public required IReadOnlyList<string> Models { get; init; }

    /// <summary>Gets the planted changes (empty for a clean scenario).</summary>
    public required IReadOnlyList<PlantedChange> Changes { get; init; }

    /// <summary>Returns the model a task type uses.</summary>
    /// <param name="task">The task type.</param>
    /// <returns>The model's name.</returns>
    public string ModelOf(string task) => Models[IndexOf(Tasks, task) % Models.Count];

    /// <summary>Returns the tools a task type calls.</summary>
    /// <param name="task">The task type.</param>
    /// <returns>One or two tool names.</returns>
    public IReadOnlyList<string> ToolsOf(string task)
    {
        var i = IndexOf(Tasks, task);
        var first = Tools[i % Tools.Count];
        var second = Tools[(i + 1) % Tools.Count];
        return i % 2 == 0 || first == second ? [first] : [first, second];
    }

    /// <summary>
    /// Returns the subjects (<c>task:NAME</c>, <c>tool:NAME</c>, <c>model:NAME</c>, <c>error:…</c>) a planted change
    /// moves, directly or through another subject (a slower tool slows its task types; a price change raises the cost
    /// of the task types on that model), from its start day on.
    /// </summary>
    /// <param name="change">The change.</param>
    /// <returns>The subjects.</returns>
    public IReadOnlyList<string> Affected(PlantedChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var affected = new List<string>();
        switch (change.Kind)
        {
            case PlantedChangeKind.LatencyStep:
                affected.Add("tool:" + change.Target);
                affected.AddRange(Tasks.Where(t => ToolsOf(t).Contains(change.Target)).Select(t => "task:" + t));
                break;
            case PlantedChangeKind.PriceChange:
                affected.Add("model:" + change.Target);
                affected.AddRange(Tasks.Where(t => ModelOf(t) == change.Target).Select(t => "task:" + t));
                break;
            case PlantedChangeKind.ErrorRateStep:
                affected.Add("task:" + change.Target);
                affected.Add("error:*"); // the task's errors raise the share of every template
                break;
            case PlantedChangeKind.NewErrorTemplate:
                affected.Add("task:" + change.Target);
                affected.Add("error-type:" + change.ErrorType);
                break;
            case PlantedChangeKind.CostDrift:
                affected.Add("task:" + change.Target);
                affected.Add("model:" + ModelOf(change.Target));
                break;
        }

        return affected;
    }

    private static int IndexOf(IReadOnlyList<string> list, string name)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new ArgumentException($"'{name}' is not part of the scenario.", nameof(name));
    }
}
