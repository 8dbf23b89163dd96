using Alpha.Learning.Analysis.Internal;

namespace Alpha.Learning.Fleet.Internal;

/// <summary>
/// The part of <see cref="FleetEvidence"/> that the detectors of <c>timeout_pattern</c>, <c>high_cost_operation</c>,
/// <c>inefficient_tool_chain</c> and <c>successful_pattern</c> decide on: their own per-task-type, per-model and
/// per-tool figures, as their sessions gathered them (<see cref="FleetDetailCollector"/>), merged by
/// <see cref="FleetDetailMerger"/> and decided by the detectors' own rules (<see cref="FleetPatterns"/>).
/// </summary>
internal sealed class FleetDetail
{
    /// <summary>Gets the timeouts per task type.</summary>
    public Dictionary<string, TimeoutTaskStats> Timeouts { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Gets the text of each template id of <see cref="Timeouts"/>.</summary>
    public Dictionary<int, string> TimeoutTemplates { get; init; } = [];

    /// <summary>Gets the calls, costs and served task types per model.</summary>
    public Dictionary<string, ModelCostStats> Models { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Gets the repeated calls and retries per tool.</summary>
    public Dictionary<string, ToolWasteStats> Tools { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Gets the tool names by <see cref="ToolWasteStats.Id"/> (the chains refer to tools by these ids).</summary>
    public List<string> ToolNames { get; init; } = [];

    /// <summary>Gets the runs and the tool chains per task type.</summary>
    public Dictionary<string, TaskChainStats> Chains { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Gets the runs and successes per task type.</summary>
    public Dictionary<string, SuccessTaskStats> Successes { get; init; } = new(StringComparer.Ordinal);
}
