using Alpha.Learning.Analysis;
using Alpha.Learning.Logs;

namespace Alpha.Learning.Tests.Analysis;

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
