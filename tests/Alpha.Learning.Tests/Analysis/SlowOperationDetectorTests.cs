using Alpha.Learning.Analysis;
using Alpha.Learning.Logs;

namespace Alpha.Learning.Tests.Analysis;

public sealed class SlowOperationDetectorTests
{
    [Fact]
    public void Run_CallsAtExactlyThreshold_NotSlow()
    {
        var events = Enumerable.Range(0, 5).Select(i => Kit.Tool($"t-{i}", "search", 5.0, second: i));

        Kit.Run(events).Patterns.Should().BeEmpty();
    }

    [Fact]
    public void Run_SlowTask_TaskPatternWithAdvisoryRecommendation()
    {
        var events = Enumerable.Range(0, 4).Select(i => Kit.TaskComplete($"t-{i}", "report", 12 + i, second: i));

        var (patterns, recommendations) = Kit.Run(events);

        patterns.Should().Contain(p => p.Type == PatternType.SlowOperation && p.Subject == "task" && p.Key == "report");
        recommendations.Should().ContainSingle().Which.IsAdvisory.Should().BeTrue();
    }

    [Fact]
    public void Run_SlowToolWithRedundantCalls_TimeoutAndCachingInOneRecommendation()
    {
        var events = new List<ExecutionEvent>();
        for (var task = 0; task < 4; task++)
        {
            events.Add(Kit.Tool($"t-{task}", "search", 8, "{\"q\":\"same\"}", second: task * 10));
            events.Add(Kit.Tool($"t-{task}", "search", 8, "{\"q\":\"same\"}", second: (task * 10) + 1));
        }

        var (_, recommendations) = Kit.Run(events);

        var forSearch = recommendations.Where(r => r.Key == "search" && !r.IsAdvisory).ToList();
        forSearch.SelectMany(r => r.Changes).Where(c => c.Path == "tools.search.cache_results").Should().ContainSingle("one cause, one change");
        forSearch.Single(r => r.PatternType == PatternType.SlowOperation).Changes.Select(c => c.Path)
            .Should().BeEquivalentTo("tools.search.timeout", "tools.search.cache_results");
    }

    [Fact]
    public void Run_ManyCalls_QuantilesFromBoundedSketchAreAccurate()
    {
        var events = Enumerable.Range(1, 100_000).Select(i => Kit.Tool(null, "search", i / 1000.0, second: i % 3600));

        var pattern = Kit.Run(events).Patterns.Single();

        ((double)pattern.Metadata["p50_s"]).Should().BeApproximately(50, 50 * 0.02);
        ((double)pattern.Metadata["p95_s"]).Should().BeApproximately(95, 95 * 0.02);
        pattern.Metadata["max_s"].Should().Be(100d);
    }
}
