using Alpha.Learning.Analysis;
using Alpha.Learning.Analysis.Internal;
using Alpha.Learning.Logs;

namespace Alpha.Learning.Fleet.Internal;

/// <summary>
/// Builds one instance's <see cref="FleetEvidence"/> in one pass over its events. Errors are grouped the way the
/// <c>recurring_error</c> detector groups them (per error type and class, by <see cref="ErrorTemplateMiner"/>; a task
/// timeout is left out, as that detector leaves it to the timeout detector), and durations over the slow thresholds are
/// counted as the <c>slow_operation</c> detector counts them, so the merged evidence yields the patterns one analysis
/// of all the instances' logs yields. The figures of the other built-in detectors are gathered by their own sessions
/// (<see cref="FleetDetailCollector"/>).
/// </summary>
internal sealed class FleetEvidenceCollector
{
    private const string UnknownErrorType = "UnknownError";
    private const string ToolErrorType = "ToolError";

    private readonly AnalysisOptions _options;
    private readonly ErrorClassifier _classifier;
    private readonly Dictionary<(string ErrorType, bool Transient), ErrorTemplateMiner> _miners = [];
    private readonly FleetEvidence _evidence = new();
    private readonly FleetDetailCollector _detail;

    public FleetEvidenceCollector(AnalysisContext context)
    {
        _options = context.Options;
        _classifier = context.ErrorClassifier;
        _detail = new FleetDetailCollector(context);
    }

    public void Observe(ExecutionEvent e)
    {
        _evidence.Events++;
        _detail.Observe(e);
        switch (e.Kind)
        {
            case ExecutionEventKind.TaskComplete when e.TaskName is { } task:
                if (Subject(SubjectKind.Task, task) is { } completed)
                {
                    completed.Count++;
                    completed.Successes++;
                    Duration(completed, e, _options.SlowTaskThresholdSeconds);
                }

                break;
            case ExecutionEventKind.TaskError:
                if (e.TaskName is { } failedTask && Subject(SubjectKind.Task, failedTask) is { } failed)
                {
                    failed.Count++;
                    failed.Failures++;
                }

                if ((e.Error is not null || e.ErrorType is not null) && !TimeoutDetector.IsTaskTimeout(_classifier, _options, e))
                {
                    Template(e, e.ErrorType ?? UnknownErrorType);
                }

                break;
            case ExecutionEventKind.ToolExecution when e.ToolName is { } tool:
                if (Subject(SubjectKind.Tool, tool) is { } call)
                {
                    call.Count++;
                    if (e.Success == true)
                    {
                        call.Successes++;
                    }
                    else if (e.Success == false)
                    {
                        call.Failures++;
                    }

                    Duration(call, e, _options.SlowToolThresholdSeconds);
                }

                if (e.Success == false && (e.Error is not null || e.ErrorType is not null))
                {
                    Template(e, e.ErrorType ?? ToolErrorType);
                }

                break;
            case ExecutionEventKind.LlmInteraction when e.Model is { } model:
                if (Subject(SubjectKind.Model, model) is { } llm)
                {
                    llm.Count++;
                    if (e.Duration is { } seconds)
                    {
                        llm.Durations.Add(seconds);
                    }

                    if (e.EstimatedCost is { } cost && double.IsFinite(cost) && cost >= 0)
                    {
                        llm.Cost += cost;
                    }

                    llm.PromptTokens += Math.Max(0, e.PromptTokens ?? 0);
                    llm.CompletionTokens += Math.Max(0, e.CompletionTokens ?? 0);
                }

                break;
        }
    }

    /// <summary>Returns the evidence; the templates carry their final text (a template's text widens as messages join it).</summary>
    public FleetEvidence ToEvidence()
    {
        _evidence.Templates.Clear();
        foreach (var miner in _miners.Values)
        {
            foreach (var template in miner.Templates)
            {
                if (template.State is TemplateEvidence stats)
                {
                    stats.Text = template.Text;
                    _evidence.Templates.Add(stats);
                }
            }
        }

        _evidence.Detail = _detail.ToDetail();
        return _evidence;
    }

    private SubjectEvidence? Subject(SubjectKind kind, string name) => _evidence.GetOrAdd(kind, name, 3 * _options.MaxSubjects);

    private static void Duration(SubjectEvidence subject, ExecutionEvent e, double threshold)
    {
        if (e.Duration is { } duration)
        {
            subject.Durations.Add(duration);
            if (duration > threshold)
            {
                subject.AddSlow(e.Timestamp);
            }
        }
    }

    private void Template(ExecutionEvent e, string errorType)
    {
        var message = e.Error ?? errorType;
        var transient = _classifier.Classify(errorType, message) != ErrorClass.Permanent;
        if (!_miners.TryGetValue((errorType, transient), out var miner))
        {
            if (_miners.Count >= _options.MaxErrorTypes)
            {
                return;
            }

            miner = new ErrorTemplateMiner(_options.ErrorTemplates);
            _miners.Add((errorType, transient), miner);
        }

        var template = miner.Add(message);
        if (template.State is not TemplateEvidence stats)
        {
            stats = new TemplateEvidence { ErrorType = errorType, Transient = transient, Text = template.Text };
            template.State = stats;
        }

        stats.Add(e.Timestamp);
        if (stats.Examples.Count < _options.MaxExamples)
        {
            stats.Examples.Add(TextUtil.Example(message, _options.ExampleMaxLength));
        }

        DetectorSupport.AddDistinct(stats.Tasks, e.TaskName, _options.MaxAffectedNames);
        DetectorSupport.AddDistinct(stats.Tools, e.ToolName, _options.MaxAffectedNames);
    }
}
