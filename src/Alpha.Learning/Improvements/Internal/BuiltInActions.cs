using Alpha.Learning.Analysis;

using Microsoft.Extensions.Options;

namespace Alpha.Learning.Improvements.Internal;

/// <summary>The built-in actions.</summary>
internal static class BuiltInActions
{
    public static IReadOnlyList<IImprovementAction> Create(IOptions<AnalysisOptions>? options = null) =>
        [new ConfigUpdateAction(options), new ModelRoutingAction(options), new ToolStrategyAction(options), new ErrorHandlingAction(options)];
}
