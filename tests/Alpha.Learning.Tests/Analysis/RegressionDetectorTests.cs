using Alpha.Learning.Analysis;
using Alpha.Learning.LogGenerator;

using Microsoft.Extensions.Options;

namespace Alpha.Learning.Tests.Analysis;

/// <summary>
/// The baseline-relative detector against generated scenarios (names, magnitudes and start days drawn from the seed).
/// The many-seed figures come from <c>benchmarks … regression-eval</c>; these seeds keep the test run short.
/// </summary>
public sealed class RegressionDetectorTests
{
    [Theory]
    [InlineData(101)]
    [InlineData(202)]
    [InlineData(303)]
    public void Evaluate_PlantedScenario_FindsEveryChangeWithinOneWindow(int seed)
    {
        var score = RegressionScenarioEvaluation.Evaluate(RegressionScenarioGenerator.Create(seed, planted: true));

        score.Changes.Should().HaveCount(5);
        score.Changes.Should().OnlyContain(c => c.FoundWithinWindow, "each planted change is found by the window that ends one window after it starts");
        score.FalseAlerts.Should().BeEmpty();
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void Evaluate_CleanScenario_RaisesNothing(int seed)
    {
        var score = RegressionScenarioEvaluation.Evaluate(RegressionScenarioGenerator.Create(seed, planted: false));

        score.CleanSubjectWindows.Should().BeGreaterThan(40);
        score.FalseAlerts.Should().BeEmpty();
    }

    [Fact]
    public async Task AnalyzeLogsAsync_ToolLatencyStep_ReportsEvidenceAndProposesABoundedTimeout()
    {
        var scenario = RegressionScenarioGenerator.Create(7, planted: true);
        var step = scenario.Changes.Single(c => c.Kind == PlantedChangeKind.LatencyStep);
        var to = scenario.Start.AddDays(step.StartDay + 7);
        var analyzer = LogAnalyzer.Create(new InMemoryLogSource(RegressionScenarioGenerator.Events(scenario)));

        var result = await analyzer.AnalyzeLogsAsync(to: to);

        var pattern = result.Patterns.Single(p => p.Type == PatternType.Regression && p.Subject == LogPattern.ToolSubject && p.Key == step.Target);
        pattern.Metadata["metric"].Should().BeOneOf("p95_duration", "p50_duration");
        ((double)pattern.Metadata["effect"]).Should().BeGreaterThan(1.5);
        ((double)pattern.Metadata["p_value"]).Should().BeLessThan(1e-6);
        ((double)pattern.Metadata["after"]).Should().BeGreaterThan((double)pattern.Metadata["before"]);
        pattern.Metadata.Should().ContainKeys("window_from", "baseline_from", "severity", "findings");
        var recommendation = result.Recommendations.Single(r => r.PatternFingerprint == pattern.Fingerprint);
        recommendation.ActionType.Should().Be(ActionType.ToolStrategy);
        recommendation.Changes.Should().ContainSingle(c => c.Path == $"tools.{step.Target}.timeout");
        recommendation.Risk.Should().Be(RiskLevel.Risky);
    }

    [Fact]
    public async Task AnalyzeLogsAsync_NewErrorTemplate_IsANewErrorWithItsType()
    {
        var scenario = RegressionScenarioGenerator.Create(7, planted: true);
        var change = scenario.Changes.Single(c => c.Kind == PlantedChangeKind.NewErrorTemplate);
        var analyzer = LogAnalyzer.Create(new InMemoryLogSource(RegressionScenarioGenerator.Events(scenario)));

        var result = await analyzer.AnalyzeLogsAsync(to: scenario.Start.AddDays(change.StartDay + 7));

        var pattern = result.Patterns.Single(p => p.Type == PatternType.NewError);
        pattern.Metadata["error_type"].Should().Be(change.ErrorType);
        pattern.Key.Should().StartWith(change.ErrorType + ": ");
        result.Recommendations.Should().ContainSingle(r => r.PatternFingerprint == pattern.Fingerprint && r.Changes.Count == 0);
    }

    [Fact]
    public async Task AnalyzeLogsAsync_ShorterHistoryThanTheMinimumBaseline_FindsNoRegression()
    {
        var scenario = RegressionScenarioGenerator.Create(5, planted: false, days: 10);
        var analyzer = LogAnalyzer.Create(new InMemoryLogSource(RegressionScenarioGenerator.Events(scenario)));

        var result = await analyzer.AnalyzeLogsAsync();

        result.Patterns.Should().NotContain(p => p.Type == PatternType.Regression || p.Type == PatternType.NewError || p.Type == PatternType.Trend);
    }

    [Fact]
    public void Constructor_InvalidRegressionOptions_NamesTheSetting()
    {
        var options = new AnalysisOptions();
        options.Regression.WindowDays = 0;
        options.Regression.Alpha = 2;

        var act = () => new LogAnalyzer(new InMemoryLogSource([]), LogAnalyzer.CreateDefaultDetectors(), Options.Create(options), TimeProvider.System);

        act.Should().Throw<OptionsValidationException>().Which.Failures.Should()
            .Contain(f => f.Contains("Analysis:Regression:WindowDays", StringComparison.Ordinal) && f.Contains("it is 0", StringComparison.Ordinal))
            .And.Contain(f => f.Contains("Analysis:Regression:Alpha", StringComparison.Ordinal));
    }
}
