using Alpha.Learning.Analysis;

using Microsoft.Extensions.Options;

namespace Alpha.Learning.Improvements.Internal;

/// <summary><c>model_routing</c>: which model serves a task.</summary>
internal sealed class ModelRoutingAction(IOptions<AnalysisOptions>? options = null) : ConfigImprovementAction
{
    public override ActionType ActionType => ActionType.ModelRouting;

    protected override IReadOnlyList<(string Pattern, GuardrailValueType Type)> Paths { get; } = RulePaths.ModelRouting(Templates(options));
}
