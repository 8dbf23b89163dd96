using Alpha.Learning.Analysis;
using Alpha.Learning.Analysis.Internal;
using Alpha.Learning.Logs;

namespace Alpha.Learning.Loop.Internal;

/// <summary>
/// One pass over the logs that measures what the loop stores each cycle (error, timeout and success rates per task,
/// p95 duration per tool, cost per call per model) and what verification compares (the target metric of each
/// improvement, split at the moment it was applied). Memory is bounded by the number of subjects.
/// </summary>
internal sealed class MetricsCollector
{
    private const int MaxSubjects = 1000;
    private readonly ErrorClassifier _classifier;
    private readonly Dictionary<string, (long Runs, long Errors, long Timeouts)> _tasks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MetricSample> _tools = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Calls, double Cost)> _models = new(StringComparer.Ordinal);
    private readonly List<VerificationTarget> _targets;

    public MetricsCollector(AnalysisOptions options, IEnumerable<VerificationTarget> targets)
    {
        _classifier = new ErrorClassifier(options);
        _targets = [.. targets];
    }

    public IReadOnlyList<VerificationTarget> Targets => _targets;

    public void Observe(ExecutionEvent e)
    {
        switch (e.Kind)
        {
            case ExecutionEventKind.TaskComplete or ExecutionEventKind.TaskError when e.TaskName is { } task:
                var isError = e.Kind == ExecutionEventKind.TaskError;
                var isTimeout = isError && _classifier.IsTimeout(e.ErrorType, e.Error);
                if (_tasks.TryGetValue(task, out var counts) || _tasks.Count < MaxSubjects)
                {
                    _tasks[task] = (counts.Runs + 1, counts.Errors + (isError ? 1 : 0), counts.Timeouts + (isTimeout ? 1 : 0));
                }

                break;
            case ExecutionEventKind.ToolExecution when e.ToolName is { } tool && e.Duration is { } seconds:
                if (!_tools.TryGetValue(tool, out var durations) && _tools.Count < MaxSubjects)
                {
                    _tools[tool] = durations = new MetricSample(false, tool.Length);
                }

                durations?.AddValue(seconds);
                break;
            case ExecutionEventKind.LlmInteraction when e.Model is { } model && e.EstimatedCost is { } cost:
                if (_models.TryGetValue(model, out var spend) || _models.Count < MaxSubjects)
                {
                    _models[model] = (spend.Calls + 1, spend.Cost + cost);
                }

                break;
        }

        foreach (var target in _targets)
        {
            Observe(target, e);
        }
    }

    private void Observe(VerificationTarget target, ExecutionEvent e)
    {
        var improvement = target.Improvement;
        var sample = e.Timestamp < target.Split ? target.Before : target.After;
        var key = improvement.Key;
        switch (improvement.Subject)
        {
            case LogPattern.TaskSubject when (e.Kind is ExecutionEventKind.TaskComplete or ExecutionEventKind.TaskError) && string.Equals(e.TaskName, key, StringComparison.Ordinal):
                var error = e.Kind == ExecutionEventKind.TaskError;
                switch (improvement.TargetMetric)
                {
                    case TargetMetric.ErrorRate or TargetMetric.SuccessRate:
                        sample.AddOutcome(error);
                        break;
                    case TargetMetric.TimeoutRate:
                        sample.AddOutcome(error && _classifier.IsTimeout(e.ErrorType, e.Error));
                        break;
                    case TargetMetric.P95Duration when e.Duration is { } d:
                        sample.AddValue(d);
                        break;
                }

                break;
            case LogPattern.ToolSubject when e.Kind == ExecutionEventKind.ToolExecution && string.Equals(e.ToolName, key, StringComparison.Ordinal):
                if (improvement.TargetMetric == TargetMetric.P95Duration && e.Duration is { } toolSeconds)
                {
                    sample.AddValue(toolSeconds);
                }
                else if (improvement.TargetMetric is TargetMetric.ErrorRate or TargetMetric.SuccessRate)
                {
                    sample.AddOutcome(e.Success == false);
                }

                break;
            case LogPattern.ModelSubject when e.Kind == ExecutionEventKind.LlmInteraction && string.Equals(e.Model, key, StringComparison.Ordinal):
                if (e.EstimatedCost is { } c)
                {
                    sample.AddValue(c);
                }

                break;
            case LogPattern.ErrorSubject when target.ErrorType is { } errorType:
                if (e.Kind is ExecutionEventKind.TaskComplete or ExecutionEventKind.TaskError)
                {
                    sample.AddOutcome(e.Kind == ExecutionEventKind.TaskError && string.Equals(e.ErrorType, errorType, StringComparison.Ordinal));
                }
                else if (e.Kind == ExecutionEventKind.ToolExecution)
                {
                    sample.AddOutcome(e.Success == false && string.Equals(e.ErrorType ?? "ToolError", errorType, StringComparison.Ordinal));
                }

                break;
        }
    }

    /// <summary>The success metrics of this pass, to store with the cycle.</summary>
    public List<SuccessMetric> ToMetrics(DateTimeOffset at, long cycleNumber)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal) { ["cycle"] = cycleNumber.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var metrics = new List<SuccessMetric>();
        foreach (var (task, c) in _tasks.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (c.Runs == 0)
            {
                continue;
            }

            metrics.Add(new SuccessMetric { Name = "error_rate", Value = c.Errors / (double)c.Runs, Timestamp = at, Subject = task, Tags = tags });
            metrics.Add(new SuccessMetric { Name = "timeout_rate", Value = c.Timeouts / (double)c.Runs, Timestamp = at, Subject = task, Tags = tags });
            metrics.Add(new SuccessMetric { Name = "success_rate", Value = (c.Runs - c.Errors) / (double)c.Runs, Timestamp = at, Subject = task, Tags = tags });
        }

        foreach (var (tool, sample) in _tools.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (sample.Values.Count > 0)
            {
                metrics.Add(new SuccessMetric { Name = "p95_duration", Value = Percentile(sample.Values, 0.95), Timestamp = at, Subject = tool, Tags = tags });
            }
        }

        foreach (var (model, spend) in _models.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (spend.Calls > 0)
            {
                metrics.Add(new SuccessMetric { Name = "cost_per_call", Value = spend.Cost / spend.Calls, Timestamp = at, Subject = model, Tags = tags });
            }
        }

        return metrics;
    }

    internal static double Percentile(IReadOnlyList<double> values, double q)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var rank = q * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
    }
}
