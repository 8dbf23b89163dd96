using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;
using Alpha.Learning.LogGenerator;
using Alpha.Learning.Logs;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Alpha.Learning.Tests.Improvements;

/// <summary>A host maps the built-in rules onto its own option names; the actions and the guardrails follow the templates.</summary>
public sealed class RulePathTemplatesTests
{
    private static readonly Dictionary<string, string> HostNames = new()
    {
        [nameof(ConfigPathTemplates.TaskTimeoutPath)] = "Agent:Tasks:{task}:TimeoutSeconds",
        [nameof(ConfigPathTemplates.ToolTimeoutPath)] = "Agent:Tools:{tool}:TimeoutSeconds",
        [nameof(ConfigPathTemplates.ToolCachePath)] = "Agent:Tools:{tool}:CacheResults",
        [nameof(ConfigPathTemplates.ToolDeduplicatePath)] = "Agent:Tools:{tool}:Deduplicate",
        [nameof(ConfigPathTemplates.ToolMaxRetriesPath)] = "Agent:Tools:{tool}:MaxRetries",
        [nameof(ConfigPathTemplates.ModelRoutingPath)] = "Agent:Routing:{task}",
        [nameof(ConfigPathTemplates.ErrorRetryAttemptsPath)] = "Agent:Resilience:{error}:MaxRetryAttempts",
        [nameof(ConfigPathTemplates.ErrorRetryBackoffPath)] = "Agent:Resilience:{error}:DelaySeconds",
    };

    [Fact]
    public async Task AddAlphaLearning_HostPathTemplates_RecommendationsUseThemAndActionsAndGuardrailsAcceptThem()
    {
        using var folder = new TempFolder();
        ExecutionLogGenerator.Generate(folder.Path, new LogGeneratorOptions { SizeMegabytes = 2, Seed = 3 });
        File.WriteAllText(folder.File("appsettings.json"), "{}\n");
        var services = new ServiceCollection();
        services.AddAlphaLearning(o =>
        {
            o.Store.DatabasePath = ":memory:";
            o.Config.Path = folder.File("appsettings.json");
            foreach (var (name, template) in HostNames)
            {
                typeof(ConfigPathTemplates).GetProperty(name)!.SetValue(o.Analysis.PathTemplates, template);
            }
        });
        using var provider = services.BuildServiceProvider();
        var analyzer = provider.GetRequiredService<LogAnalyzer>();
        var actions = provider.GetServices<IImprovementAction>().ToDictionary(a => a.ActionType);
        var guardrails = new Guardrails(provider.GetRequiredService<IOptions<GuardrailOptions>>().Value);

        var result = await analyzer.AnalyzeLogsAsync(new LogQuery { Paths = [folder.Path] }, CancellationToken.None);
        var changes = result.Recommendations.Where(r => !r.IsAdvisory).ToList();

        changes.Select(r => r.ActionType).Distinct().Should().HaveCountGreaterThanOrEqualTo(3);
        foreach (var recommendation in changes)
        {
            actions[recommendation.ActionType].Validate(recommendation).IsValid.Should().BeTrue(string.Join(", ", recommendation.Changes.Select(c => c.Path)));
            foreach (var change in recommendation.Changes)
            {
                change.Path.Should().StartWith("Agent:");
                guardrails.FindRule(change.Path).Should().NotBeNull($"the guardrails follow the templates ('{change.Path}')");
            }
        }
    }

    [Fact]
    public void CreateDefaultRules_HostTemplates_PatternsFollowTheTemplates()
    {
        var templates = new ConfigPathTemplates { ToolTimeoutPath = "Agent:Tools:{tool}:TimeoutSeconds", ModelRoutingPath = "Agent.Routing.{task}" };

        var rules = GuardrailOptions.CreateDefaultRules(templates);

        rules.Select(r => r.Pattern).Should().Contain(["Agent:Tools:*:TimeoutSeconds", "Agent.Routing.*", "tasks.timeouts.*"]);
        rules.Select(r => r.Pattern).Should().NotContain("tools.*.timeout");
    }

    [Fact]
    public void Guardrails_ColonAndDotPaths_MatchTheSameRuleSegments()
    {
        var guardrails = new Guardrails(new GuardrailOptions { PathTemplates = new ConfigPathTemplates { ToolTimeoutPath = "Agent:Tools:{tool}:TimeoutSeconds" } });

        guardrails.FindRule("Agent:Tools:search:TimeoutSeconds").Should().NotBeNull();
        guardrails.FindRule("Agent.Tools.search.TimeoutSeconds").Should().NotBeNull();
        guardrails.FindRule("tools.search.timeout").Should().BeNull("the default tool template was replaced");
    }

    [Fact]
    public void AnalysisOptions_FlatTemplateProperties_AreThePathTemplates()
    {
        var options = new AnalysisOptions { ToolTimeoutPath = "Agent:Tools:{tool}:TimeoutSeconds" };

        options.PathTemplates.ToolTimeoutPath.Should().Be("Agent:Tools:{tool}:TimeoutSeconds");
    }
}
