using Alpha.Learning.Analysis;
using Alpha.Learning.Analysis.Internal;
using Alpha.Learning.Logs;

namespace Alpha.Learning.Fleet.Internal;

/// <summary>
/// Gathers one instance's <see cref="FleetDetail"/> with the sessions of the detectors themselves, so each figure is
/// counted exactly as one analysis counts it (a task's events stay on the instance that served it, so what the sessions
/// join by <c>task_id</c> is joined on that instance).
/// </summary>
internal sealed class FleetDetailCollector(AnalysisContext context)
{
    private readonly TimeoutDetector.Session _timeouts = new(context);
    private readonly HighCostDetector.Session _costs = new(context);
    private readonly InefficientToolChainDetector.Session _chains = new(context);
    private readonly SuccessfulPatternDetector.Session _successes = new(context);

    public void Observe(ExecutionEvent e)
    {
        _timeouts.Observe(e);
        _costs.Observe(e);
        _chains.Observe(e);
        _successes.Observe(e);
    }

    public FleetDetail ToDetail() => new()
    {
        Timeouts = new(_timeouts.Tasks, StringComparer.Ordinal),
        TimeoutTemplates = _timeouts.TemplateTexts(),
        Models = new(_costs.Models, StringComparer.Ordinal),
        Tools = new(_chains.Tools, StringComparer.Ordinal),
        ToolNames = [.. _chains.ToolNames],
        Chains = new(_chains.TaskTypes, StringComparer.Ordinal),
        Successes = new(_successes.Tasks, StringComparer.Ordinal),
    };
}
