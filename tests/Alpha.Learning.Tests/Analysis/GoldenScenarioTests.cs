using Alpha.Learning.Analysis;
using Alpha.Learning.Logs;

namespace Alpha.Learning.Tests.Analysis;

/// <summary>The seed's fixtures and what each must produce.</summary>
public sealed class GoldenScenarioTests
{
    [Fact]
    public async Task AnalyzeLogsAsync_FiveConnectionTimeoutsOfOneTask_OneTimeoutPatternAndOneTimeoutRecommendation()
    {
        var events = Enumerable.Range(0, 5).Select(i => Kit.TaskError($"t-{i}", "web_research", "Connection timeout", "TimeoutError", second: i * 60));

        var result = await Kit.AnalyzeAsync(events);

        var pattern = result.Patterns.Should().ContainSingle().Subject;
        pattern.Type.Should().Be(PatternType.TimeoutPattern);
        pattern.Subject.Should().Be("task");
        pattern.Key.Should().Be("web_research");
        pattern.Occurrences.Should().Be(5);
        pattern.Fingerprint.Should().Be(LogPattern.ComputeFingerprint(PatternType.TimeoutPattern, "task", "web_research"));
        pattern.Metadata["templates"].Should().BeEquivalentTo(new[] { "Connection timeout" });
        var recommendation = result.Recommendations.Should().ContainSingle().Subject;
        recommendation.ActionType.Should().Be(ActionType.ConfigUpdate);
        recommendation.PatternFingerprint.Should().Be(pattern.Fingerprint);
        recommendation.TargetMetric.Should().Be(TargetMetric.TimeoutRate);
        var change = recommendation.Changes.Should().ContainSingle().Subject;
        change.Path.Should().Be("tasks.timeouts.web_research");
        change.OldValue.Should().BeNull();
        change.NewValue.Should().Be(45d, "no successful durations are known, so the default 30 s takes one bounded step of × 1.5");
        recommendation.Risk.Should().Be(RiskLevel.Risky);
        recommendation.Confidence.Should().BeInRange(0.1, 0.9);
    }

    [Fact]
    public async Task AnalyzeLogsAsync_ThreeSlowCallsOfOneTool_SlowToolPatternWithPercentilesAndToolTimeout()
    {
        var events = new[] { 10.5, 11.5, 12.5 }.Select((d, i) => Kit.Tool($"t-{i}", "web_search", d, $"{{\"q\":\"{i}\"}}", second: i));

        var result = await Kit.AnalyzeAsync(events);

        var pattern = result.Patterns.Should().ContainSingle().Subject;
        pattern.Type.Should().Be(PatternType.SlowOperation);
        pattern.Subject.Should().Be("tool");
        pattern.Key.Should().Be("web_search");
        pattern.Occurrences.Should().Be(3);
        pattern.Metadata["p50_s"].Should().Be(11.5);
        pattern.Metadata["p95_s"].Should().Be(12.4);
        pattern.Metadata["max_s"].Should().Be(12.5);
        var recommendation = result.Recommendations.Should().ContainSingle().Subject;
        recommendation.ActionType.Should().Be(ActionType.ToolStrategy);
        recommendation.Changes.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Path = "tools.web_search.timeout", NewValue = (object)19d });
        recommendation.Risk.Should().Be(RiskLevel.Risky, "three calls are too few for a reliable p95");
    }

    [Fact]
    public async Task AnalyzeLogsAsync_ThreeGpt4CallsAt15Cents_HighCostPatternAndAdvisoryRouting()
    {
        var events = Enumerable.Range(0, 3).Select(i => Kit.Llm($"t-{i}", "gpt-4", cost: 0.15, second: i));

        var result = await Kit.AnalyzeAsync(events);

        var pattern = result.Patterns.Should().ContainSingle().Subject;
        pattern.Type.Should().Be(PatternType.HighCostOperation);
        pattern.Subject.Should().Be("model");
        pattern.Key.Should().Be("gpt-4");
        pattern.Occurrences.Should().Be(3);
        pattern.Metadata["total_cost_usd"].Should().Be(0.45);
        pattern.Metadata["avg_cost_usd"].Should().Be(0.15);
        pattern.Metadata["p95_cost_usd"].Should().Be(0.15);
        var recommendation = result.Recommendations.Should().ContainSingle().Subject;
        recommendation.ActionType.Should().Be(ActionType.ModelRouting);
        recommendation.IsAdvisory.Should().BeTrue("no cheaper model is shown succeeding on the same task types");
        recommendation.Risk.Should().Be(RiskLevel.Risky);
        recommendation.Note.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task AnalyzeLogsAsync_TenSuccessfulRunsOfOneTask_SuccessfulPatternWithWilsonBoundAndNoRecommendation()
    {
        var events = Enumerable.Range(0, 10).Select(i => Kit.TaskComplete($"t-{i}", "summarize", 2 + (i * 0.1), second: i));

        var result = await Kit.AnalyzeAsync(events);

        var pattern = result.Patterns.Should().ContainSingle().Subject;
        pattern.Type.Should().Be(PatternType.SuccessfulPattern);
        pattern.Key.Should().Be("summarize");
        pattern.Occurrences.Should().Be(10);
        pattern.Metadata["success_rate"].Should().Be(1.0);
        ((double)pattern.Metadata["success_rate_lower"]).Should().BeApproximately(0.7225, 0.001);
        result.Recommendations.Should().BeEmpty();
    }

    [Fact]
    public async Task AnalyzeTimePeriodAsync_AllFixtures_SummaryCountsAndTopItems()
    {
        var events = new List<ExecutionEvent>();
        events.AddRange(Enumerable.Range(0, 5).Select(i => Kit.TaskError($"a-{i}", "web_research", "Connection timeout", "TimeoutError", second: i)));
        events.AddRange(new[] { 10.5, 11.5, 12.5 }.Select((d, i) => Kit.Tool($"b-{i}", "web_search", d, second: i)));
        events.AddRange(Enumerable.Range(0, 3).Select(i => Kit.Llm($"c-{i}", "gpt-4", cost: 0.15, second: i)));
        events.AddRange(Enumerable.Range(0, 10).Select(i => Kit.TaskComplete($"d-{i}", "summarize", 2, second: i)));
        var clock = Kit.Clock();
        var analyzer = Kit.Analyzer(events, time: clock);

        var summary = await analyzer.AnalyzeTimePeriodAsync(7);

        summary.From.Should().Be(clock.GetUtcNow().AddDays(-7));
        summary.To.Should().Be(clock.GetUtcNow());
        summary.EventsAnalyzed.Should().Be(21);
        summary.TotalPatterns.Should().Be(4);
        summary.PatternsByType.Should().BeEquivalentTo(new Dictionary<PatternType, int>
        {
            [PatternType.TimeoutPattern] = 1, [PatternType.SlowOperation] = 1, [PatternType.HighCostOperation] = 1, [PatternType.SuccessfulPattern] = 1,
        });
        summary.TotalRecommendations.Should().Be(3);
        summary.RecommendationsByPriority.Values.Sum().Should().Be(3);
        summary.TopPatterns.Should().HaveCount(4).And.BeInDescendingOrder(p => p.ImpactScore);
        summary.TopRecommendations.Should().HaveCount(3);
        analyzer.GetSummary().Should().BeEquivalentTo(summary);
    }
}
