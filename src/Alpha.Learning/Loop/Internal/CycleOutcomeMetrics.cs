namespace Alpha.Learning.Loop.Internal;

/// <summary>
/// The agent's outcomes per task type over a cycle's analysis window, stored with the cycle's metrics so the report
/// charts them over time with each change marked: <c>cost_per_task</c> (every LLM call of the run, in US dollars) and
/// <c>p95_task_duration</c> (end to end, in seconds), the units a change is judged on.
/// </summary>
internal sealed class CycleOutcomeMetrics(DateTimeOffset? from, DateTimeOffset? to)
{
    private const int MaxTaskTypes = 500;
    private readonly Dictionary<string, (long Tasks, double Cost, MetricSample Durations)> _types = new(StringComparer.Ordinal);

    public void Observe(TaskOutcome outcome)
    {
        if ((from is { } f && outcome.Start < f) || (to is { } t && outcome.Start >= t))
        {
            return;
        }

        if (!_types.TryGetValue(outcome.TaskType, out var seen))
        {
            if (_types.Count >= MaxTaskTypes)
            {
                return;
            }

            seen = (0, 0, new MetricSample(false, outcome.TaskType.Length));
        }

        seen.Durations.AddValue(outcome.Duration);
        _types[outcome.TaskType] = (seen.Tasks + 1, seen.Cost + outcome.Cost, seen.Durations);
    }

    public IEnumerable<SuccessMetric> ToMetrics(DateTimeOffset at, long cycleNumber)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal) { ["cycle"] = cycleNumber.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        foreach (var (task, (tasks, cost, durations)) in _types.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (tasks == 0)
            {
                continue;
            }

            yield return new SuccessMetric { Name = "cost_per_task", Value = cost / tasks, Timestamp = at, Subject = task, Tags = tags };
            yield return new SuccessMetric { Name = "p95_task_duration", Value = MetricsCollector.Percentile(durations.Values, 0.95), Timestamp = at, Subject = task, Tags = tags };
        }
    }
}
