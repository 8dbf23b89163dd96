using Alpha.Learning.Analysis;

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
