using Alpha.Learning.Analysis;

using Microsoft.Extensions.Options;

namespace Alpha.Learning.Improvements.Internal;

/// <summary><c>tool_strategy</c>: caching, deduplication, retries and the timeout of a tool.</summary>
internal sealed class ToolStrategyAction(IOptions<AnalysisOptions>? options = null) : ConfigImprovementAction
{
    public override ActionType ActionType => ActionType.ToolStrategy;

    protected override IReadOnlyList<(string Pattern, GuardrailValueType Type)> Paths { get; } = RulePaths.ToolStrategy(Templates(options));
}
