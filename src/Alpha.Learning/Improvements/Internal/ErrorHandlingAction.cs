using Alpha.Learning.Analysis;

using Microsoft.Extensions.Options;

namespace Alpha.Learning.Improvements.Internal;

/// <summary><c>error_handling</c>: retries per error type.</summary>
internal sealed class ErrorHandlingAction(IOptions<AnalysisOptions>? options = null) : ConfigImprovementAction
{
    public override ActionType ActionType => ActionType.ErrorHandling;

    protected override IReadOnlyList<(string Pattern, GuardrailValueType Type)> Paths { get; } = RulePaths.ErrorHandling(Templates(options));
}
