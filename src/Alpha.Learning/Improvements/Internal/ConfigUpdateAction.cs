using Alpha.Learning.Analysis;

using Microsoft.Extensions.Options;

namespace Alpha.Learning.Improvements.Internal;

/// <summary><c>config_update</c>: task and tool timeouts, at the paths of <see cref="ConfigPathTemplates"/>.</summary>
internal sealed class ConfigUpdateAction(IOptions<AnalysisOptions>? options = null) : ConfigImprovementAction
{
    public override ActionType ActionType => ActionType.ConfigUpdate;

    protected override IReadOnlyList<(string Pattern, GuardrailValueType Type)> Paths { get; } = RulePaths.ConfigUpdate(Templates(options));
}
