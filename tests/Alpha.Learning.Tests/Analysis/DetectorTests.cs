using Alpha.Learning.Analysis;
using Alpha.Learning.Logs;

namespace Alpha.Learning.Tests.Analysis;

public sealed class RecurringErrorDetectorTests
{
    [Theory]
    [InlineData(2, false)]
    [InlineData(3, true)]
    public void Run_ErrorsAroundThreshold_PatternOnlyAtThreshold(int count, bool expected)
    {
        var events = Enumerable.Range(0, count).Select(i => Kit.TaskError($"t-{i}", "etl", $"File not found: /data/in_{i}.csv", "FileNotFoundError", second: i));

        var (patterns, _) = Kit.Run(events);

        patterns.Any(p => p.Type == PatternType.RecurringError).Should().Be(expected);
    }

    [Fact]
    public void Run_NonTransientError_AdvisoryWithExamplesTasksAndTimes()
    {
        var events = Enumerable.Range(0, 4).Select(i => Kit.TaskError($"t-{i}", i % 2 == 0 ? "etl" : "report", $"File not found: /data/in_{i}.csv " + new string('x', 500), "FileNotFoundError", second: i * 10));

        var (patterns, recommendations) = Kit.Run(events);

        var pattern = patterns.Should().ContainSingle().Subject;
        pattern.Subject.Should().Be("error");
        pattern.Key.Should().StartWith("FileNotFoundError: File not found: <*>");
        pattern.Examples.Should().HaveCount(3).And.OnlyContain(e => e.Length <= 201);
        pattern.FirstSeen.Should().Be(Kit.T0);
        pattern.LastSeen.Should().Be(Kit.T0.AddSeconds(30));
        pattern.Metadata["affected_tasks"].Should().BeEquivalentTo(new[] { "etl", "report" });
        var recommendation = recommendations.Should().ContainSingle().Subject;
        recommendation.IsAdvisory.Should().BeTrue();
        recommendation.ActionType.Should().Be(ActionType.ErrorHandling);
        recommendation.Risk.Should().Be(RiskLevel.Risky);
    }

    [Theory]
    [InlineData("ConnectionResetError", "Connection reset by peer")]
    [InlineData("APIError", "HTTP 429 Too Many Requests")]
    [InlineData("APIError", "upstream returned status 503")]
    [InlineData("ConnectionRefusedError", "refused")]
    public void Run_TransientError_RetryWithBackoffForItsType(string errorType, string message)
    {
        var events = Enumerable.Range(0, 6).Select(i => Kit.TaskError($"t-{i}", "crawl", message, errorType, second: i));

        var (_, recommendations) = Kit.Run(events);

        var recommendation = recommendations.Should().ContainSingle().Subject;
        recommendation.ActionType.Should().Be(ActionType.ErrorHandling);
        recommendation.Changes.Select(c => c.Path).Should().BeEquivalentTo($"error_handling.{errorType}.max_retries", $"error_handling.{errorType}.backoff_seconds");
        recommendation.Changes[0].NewValue.Should().Be(3L);
        recommendation.Risk.Should().Be(RiskLevel.Safe);
    }

    [Fact]
    public void Run_TransientErrorWithUnsafeTypeName_ReportedWithoutChangesAndWithReason()
    {
        var events = Enumerable.Range(0, 6).Select(i => Kit.TaskError($"t-{i}", "crawl", "Connection reset by peer", "aiohttp.ClientOSError", second: i));

        var (patterns, recommendations) = Kit.Run(events);

        patterns.Should().ContainSingle();
        var recommendation = recommendations.Should().ContainSingle().Subject;
        recommendation.Changes.Should().BeEmpty();
        recommendation.Note.Should().Contain("safe configuration key segment");
    }

    [Fact]
    public void Run_FailedToolCalls_GroupedAsToolErrors()
    {
        var events = Enumerable.Range(0, 3).Select(i => Kit.Tool($"t-{i}", "sql_query", 0.1, success: false, error: $"no such table: t{i}x", second: i));

        var (patterns, _) = Kit.Run(events);

        var pattern = patterns.Should().ContainSingle(p => p.Type == PatternType.RecurringError).Subject;
        pattern.Metadata["error_type"].Should().Be("ToolError");
        pattern.Metadata["affected_tools"].Should().BeEquivalentTo(new[] { "sql_query" });
    }
}

public sealed class TimeoutDetectorTests
{
    [Theory]
    [InlineData("TimeoutError", "failed")]
    [InlineData("asyncio.TimeoutError", "")]
    [InlineData("System.Threading.Tasks.TaskCanceledException", "A task was canceled.")]
    [InlineData("RuntimeError", "Request timed out")]
    [InlineData("RuntimeError", "rpc error: deadline exceeded")]
    [InlineData("HTTPError", "HTTP 504 from gateway")]
    public void Run_TimeoutByTypeOrWording_OneTimeoutPatternNoRecurringError(string errorType, string message)
    {
        var events = Enumerable.Range(0, 3).Select(i => Kit.TaskError($"t-{i}", "fetch", message, errorType, second: i));

        var (patterns, recommendations) = Kit.Run(events);

        patterns.Should().ContainSingle().Which.Type.Should().Be(PatternType.TimeoutPattern);
        recommendations.Should().ContainSingle();
    }

    [Fact]
    public void Run_FailureEndingAtConfiguredTimeout_CountsAsTimeout()
    {
        var options = new AnalysisOptions();
        options.KnownTaskTimeoutSeconds["fetch"] = 60;
        var events = Enumerable.Range(0, 3).Select(i => Kit.TaskError($"t-{i}", "fetch", "worker exited", "RuntimeError", duration: 59.9, second: i));

        var (patterns, recommendations) = Kit.Run(events, options);

        var pattern = patterns.Should().ContainSingle().Subject;
        pattern.Type.Should().Be(PatternType.TimeoutPattern);
        pattern.Metadata["timeouts_by_duration_only"].Should().Be(3L);
        recommendations.Single(r => r.PatternType == PatternType.TimeoutPattern).Changes.Single().OldValue.Should().Be(60d);
    }

    [Fact]
    public void Run_SuccessfulDurationsKnown_NewTimeoutIsP95TimesOneAndHalf()
    {
        var events = new List<ExecutionEvent>();
        events.AddRange(Enumerable.Range(0, 20).Select(i => Kit.TaskComplete($"s-{i}", "fetch", 20 + i * 0.5, second: i)));
        events.AddRange(Enumerable.Range(0, 4).Select(i => Kit.TaskError($"t-{i}", "fetch", "Timeout after 30s", "TimeoutError", 30, second: 100 + i)));

        var (patterns, recommendations) = Kit.Run(events);

        var p95 = (double)patterns.Single(p => p.Type == PatternType.TimeoutPattern).Metadata["success_p95_s"];
        var change = recommendations.Single(r => r.PatternType == PatternType.TimeoutPattern).Changes.Single();
        change.NewValue.Should().Be(Math.Ceiling(p95 * 1.5));
        recommendations.Single(r => r.PatternType == PatternType.TimeoutPattern).Risk.Should().Be(RiskLevel.Safe);
    }

    [Fact]
    public void Run_HugeSuccessfulDurations_NewTimeoutBoundedByMaxStep()
    {
        var events = new List<ExecutionEvent>();
        events.AddRange(Enumerable.Range(0, 10).Select(i => Kit.TaskComplete($"s-{i}", "fetch", 500, second: i)));
        events.AddRange(Enumerable.Range(0, 3).Select(i => Kit.TaskError($"t-{i}", "fetch", "timed out", "TimeoutError", second: 100 + i)));

        var (_, recommendations) = Kit.Run(events);

        recommendations.Single(r => r.PatternType == PatternType.TimeoutPattern).Changes.Single().NewValue.Should().Be(60d, "at most twice the current 30 s in one step");
        recommendations.Single(r => r.PatternType == PatternType.TimeoutPattern).Risk.Should().Be(RiskLevel.Risky);
    }

    [Fact]
    public void Run_SuccessfulRunsFarBelowTimeout_AdvisoryOnly()
    {
        var events = new List<ExecutionEvent>();
        events.AddRange(Enumerable.Range(0, 10).Select(i => Kit.TaskComplete($"s-{i}", "fetch", 2, second: i)));
        events.AddRange(Enumerable.Range(0, 3).Select(i => Kit.TaskError($"t-{i}", "fetch", "timed out", "TimeoutError", second: 100 + i)));

        var (_, recommendations) = Kit.Run(events);

        recommendations.Single(r => r.PatternType == PatternType.TimeoutPattern).IsAdvisory.Should().BeTrue();
    }

    [Fact]
    public void Run_TaskThatOtherwiseWorksWell_TimeoutChangeIsRiskyAndLessConfident()
    {
        static List<ExecutionEvent> Build(int successes) =>
        [
            .. Enumerable.Range(0, successes).Select(i => Kit.TaskComplete($"s-{i}", "fetch", 25 + (i % 5), second: i)),
            .. Enumerable.Range(0, 3).Select(i => Kit.TaskError($"t-{i}", "fetch", "timed out", "TimeoutError", second: 1000 + i)),
        ];

        var (patterns, recommendations) = Kit.Run(Build(60));

        patterns.Should().Contain(p => p.Type == PatternType.SuccessfulPattern && p.Key == "fetch");
        recommendations.Single(r => r.PatternType == PatternType.TimeoutPattern).Risk.Should().Be(RiskLevel.Risky);
    }

    [Fact]
    public void Run_TwoTimeouts_NoPattern()
    {
        var events = Enumerable.Range(0, 2).Select(i => Kit.TaskError($"t-{i}", "fetch", "timed out", "TimeoutError", second: i));

        Kit.Run(events).Patterns.Should().BeEmpty();
    }
}

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
}
