using Alpha.Learning.Analysis;
using Alpha.Learning.Logs;

namespace Alpha.Learning.Tests.Analysis;

public sealed class HighCostDetectorTests
{
    [Fact]
    public void Run_NoCostButTokens_CostFromLongestPrefixPrice()
    {
        var options = new AnalysisOptions();
        var events = Enumerable.Range(0, 3).Select(i => Kit.Llm($"t-{i}", "gpt-4-0613", prompt: 3000, completion: 1000, second: i));

        var pattern = Kit.Run(events, options).Patterns.Single();

        pattern.Metadata["price_key"].Should().Be("gpt-4");
        pattern.Metadata["avg_cost_usd"].Should().Be(0.15, "3000 × $30/M + 1000 × $60/M");
    }

    [Fact]
    public void Run_PrefixMatch_PrefersLongestKey()
    {
        var events = Enumerable.Range(0, 3).Select(i => Kit.Llm($"t-{i}", "gpt-4o-mini-2024-07-18", prompt: 1_000_000, completion: 0, second: i));

        var pattern = Kit.Run(events).Patterns.Single();

        pattern.Metadata["price_key"].Should().Be("gpt-4o-mini");
    }

    [Fact]
    public void Run_UnknownModelWithoutCost_ReportedUnpricedNeverFree()
    {
        var events = Enumerable.Range(0, 3).Select(i => Kit.Llm($"t-{i}", "acme-large", prompt: 100, completion: 100, second: i));

        var (patterns, recommendations) = Kit.Run(events);

        var pattern = patterns.Single();
        pattern.Metadata["unpriced"].Should().Be(true);
        pattern.Metadata.Should().NotContainKey("total_cost_usd");
        recommendations.Single().IsAdvisory.Should().BeTrue();
    }

    [Fact]
    public void Run_CheaperModelSucceedsOnSameTaskTypes_RoutingToTableName()
    {
        var events = new List<ExecutionEvent>();
        for (var i = 0; i < 6; i++)
        {
            events.Add(Kit.Llm($"a-{i}", "gpt-4", cost: 0.2, second: i));
            events.Add(Kit.TaskComplete($"a-{i}", "summarize", 3, second: i));
            events.Add(Kit.Llm($"b-{i}", "gpt-4o-mini-2024-07-18", cost: 0.001, second: i));
            events.Add(Kit.TaskComplete($"b-{i}", "summarize", 3, second: i));
        }

        var recommendation = Kit.Run(events).Recommendations.Single(r => r.PatternType == PatternType.HighCostOperation);

        recommendation.ActionType.Should().Be(ActionType.ModelRouting);
        recommendation.Changes.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Path = "model_routing.summarize", NewValue = (object)"gpt-4o-mini" });
        recommendation.Risk.Should().Be(RiskLevel.Risky, "routing work to another model can make it fail, so it waits for a person outside FullAuto");
        recommendation.Scope.TaskTypes.Should().Equal("summarize");
    }

    [Fact]
    public void Run_CheaperModelFailsOnSameTaskTypes_NoRouting()
    {
        var events = new List<ExecutionEvent>();
        for (var i = 0; i < 6; i++)
        {
            events.Add(Kit.Llm($"a-{i}", "gpt-4", cost: 0.2, second: i));
            events.Add(Kit.TaskComplete($"a-{i}", "summarize", 3, second: i));
            events.Add(Kit.Llm($"b-{i}", "gpt-4o-mini", cost: 0.001, second: i));
            events.Add(Kit.TaskError($"b-{i}", "summarize", "bad answer", "ValueError", second: i));
        }

        var recommendation = Kit.Run(events).Recommendations.Single(r => r.PatternType == PatternType.HighCostOperation);

        recommendation.IsAdvisory.Should().BeTrue();
        recommendation.Risk.Should().Be(RiskLevel.Risky);
    }

    [Fact]
    public void Run_CallsAtThreshold_NotExpensive()
    {
        var events = Enumerable.Range(0, 5).Select(i => Kit.Llm($"t-{i}", "gpt-4", cost: 0.10, second: i));

        Kit.Run(events).Patterns.Should().BeEmpty();
    }
}
