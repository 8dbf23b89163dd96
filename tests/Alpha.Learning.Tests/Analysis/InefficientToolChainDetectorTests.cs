using Alpha.Learning.Analysis;
using Alpha.Learning.Logs;

namespace Alpha.Learning.Tests.Analysis;

public sealed class InefficientToolChainDetectorTests
{
    [Fact]
    public void Run_SameCallTwiceInOneTask_RedundantCallsAndDedupeRecommendation()
    {
        var events = new List<ExecutionEvent>();
        for (var task = 0; task < 3; task++)
        {
            events.Add(Kit.Tool($"t-{task}", "fetch", 0.2, "{\"url\":\"u\"}", second: task));
            events.Add(Kit.Tool($"t-{task}", "fetch", 0.2, "{\"url\":\"u\"}", second: task));
            events.Add(Kit.TaskComplete($"t-{task}", "research", second: task));
        }

        var (patterns, recommendations) = Kit.Run(events);

        var pattern = patterns.Single(p => p.Type == PatternType.InefficientToolChain);
        pattern.Metadata["redundant_calls"].Should().Be(3L);
        pattern.Metadata["task_types"].Should().BeEquivalentTo(new[] { "research" });
        recommendations.Single().Changes.Select(c => c.Path).Should().BeEquivalentTo("tools.fetch.deduplicate_calls", "tools.fetch.cache_results");
    }

    [Fact]
    public void Run_SameParametersInDifferentTasks_NotRedundant()
    {
        var events = Enumerable.Range(0, 10).Select(i => Kit.Tool($"t-{i}", "fetch", 0.2, "{\"url\":\"u\"}", second: i));

        Kit.Run(events).Patterns.Should().BeEmpty();
    }

    [Fact]
    public void Run_FailedCallRepeatedUnchanged_RetryLoopsAndRetryLimit()
    {
        var events = new List<ExecutionEvent>();
        for (var i = 0; i < 4; i++)
        {
            events.Add(Kit.Tool("t-1", "fetch", 0.2, "{\"url\":\"u\"}", success: false, error: "bad", second: i));
        }

        var (patterns, recommendations) = Kit.Run(events);

        patterns.Single(p => p.Type == PatternType.InefficientToolChain).Metadata["retry_loops"].Should().Be(3L);
        recommendations.Single(r => r.PatternType == PatternType.InefficientToolChain).Changes
            .Should().ContainSingle().Which.Should().BeEquivalentTo(new { Path = "tools.fetch.max_retries", NewValue = (object)2L });
    }

    [Fact]
    public void Run_ChainMuchMoreFrequentInFailingTasks_FailureChainPattern()
    {
        var events = new List<ExecutionEvent>();
        for (var i = 0; i < 40; i++)
        {
            var id = $"t-{i}";
            var bad = i % 4 == 0;
            events.Add(Kit.Tool(id, "search", 0.1, $"{{\"q\":{i}}}", second: i));
            events.Add(Kit.Tool(id, bad ? "scrape" : "summarize", 0.1, $"{{\"q\":{i}}}", second: i));
            events.Add(bad ? Kit.TaskError(id, "research", "failed", "ValueError", second: i) : Kit.TaskComplete(id, "research", second: i));
        }

        for (var i = 0; i < 3; i++)
        {
            events.Add(Kit.Tool($"x-{i}", "search", 0.1, "{}", second: i));
            events.Add(Kit.Tool($"x-{i}", "summarize", 0.1, "{}", second: i));
            events.Add(Kit.TaskError($"x-{i}", "research", "failed", "ValueError", second: i));
        }

        var pattern = Kit.Run(events).Patterns.Single(p => p.Type == PatternType.InefficientToolChain);

        pattern.Subject.Should().Be("task");
        pattern.Key.Should().Be("research");
        pattern.Metadata["chain"].Should().Be("search -> scrape");
        ((double)pattern.Metadata["lift"]).Should().BeGreaterThan(1.5);
    }

    [Fact]
    public void Run_TwoChainsOfEqualLift_TheChainFirstByToolNamesWhateverOrderTheToolsWereSeenIn()
    {
        // 5 failing runs with zeta -> alpha (seen first), 5 with beta -> gamma, 10 succeeding without a chain: both lifts are 2.
        var events = new List<ExecutionEvent>();
        for (var i = 0; i < 20; i++)
        {
            var id = $"t-{i}";
            var (first, second) = i < 5 ? ("zeta", "alpha") : i < 10 ? ("beta", "gamma") : ("omega", "omega");
            events.Add(Kit.Tool(id, first, 0.1, $"a{i}", second: i));
            events.Add(Kit.Tool(id, second, 0.1, $"b{i}", second: i));
            events.Add(i < 10 ? Kit.TaskError(id, "ingest", "failed", "ValueError", second: i) : Kit.TaskComplete(id, "ingest", second: i));
        }

        var pattern = Kit.Run(events).Patterns.Single(p => p.Type == PatternType.InefficientToolChain && p.Subject == LogPattern.TaskSubject);

        pattern.Metadata["chain"].Should().Be("beta -> gamma", "a tie is broken by the tool names, so the fleet's merged tool table decides it the same way");
        ((double)pattern.Metadata["lift"]).Should().Be(2);
    }
}
