using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;
using Alpha.Learning.Improvements.Internal;
using Alpha.Learning.LogGenerator;
using Alpha.Learning.Logs;

namespace Alpha.Learning.Tests.Improvements;

/// <summary>
/// The recommendation rules and the change engine are built apart; this keeps them in step: every change the
/// default rules propose on realistic logs is accepted by its action and covered by a default guardrail rule.
/// </summary>
public class RulePathAlignmentTests
{
    [Fact]
    public async Task DefaultRules_OnGeneratedLogs_ProposeOnlyPathsTheActionsAndGuardrailsAccept()
    {
        using var folder = new TempFolder();
        ExecutionLogGenerator.Generate(folder.Path, new LogGeneratorOptions { SizeMegabytes = 2, Seed = 3 });
        var result = await LogAnalyzer.Create(new JsonLinesLogSource()).AnalyzeLogsAsync(new LogQuery { Paths = [folder.Path] }, CancellationToken.None);
        var actions = BuiltInActions.Create().ToDictionary(a => a.ActionType);
        var guardrails = new Guardrails(new GuardrailOptions());

        var withChanges = result.Recommendations.Where(r => !r.IsAdvisory).ToList();

        withChanges.Select(r => r.ActionType).Distinct().Should().HaveCountGreaterThanOrEqualTo(3, "the generated logs plant problems for most action types");
        foreach (var recommendation in withChanges)
        {
            actions[recommendation.ActionType].Validate(recommendation).IsValid.Should().BeTrue($"'{recommendation.Title}' ({string.Join(", ", recommendation.Changes.Select(c => c.Path))}) should be accepted by its action");
            foreach (var change in recommendation.Changes)
            {
                guardrails.FindRule(change.Path).Should().NotBeNull($"a default guardrail rule should cover '{change.Path}'");
            }
        }
    }
}
