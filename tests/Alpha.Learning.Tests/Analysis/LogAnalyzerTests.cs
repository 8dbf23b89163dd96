using Alpha.Learning.Analysis;
using Alpha.Learning.Logs;

using Microsoft.Extensions.Options;

namespace Alpha.Learning.Tests.Analysis;

public sealed class LogAnalyzerTests
{
    [Fact]
    public async Task AnalyzeLogsAsync_SeveralDetectors_ReadsSourceOnceAndEveryDetectorSeesEveryEventIncludingCustom()
    {
        var events = new[]
        {
            Kit.TaskStart("t-1", "a"),
            new ExecutionEvent { Kind = ExecutionEventKind.Custom, EventName = "host_metric", Timestamp = Kit.T0, Fields = new Dictionary<string, string> { ["x"] = "1" } },
            Kit.TaskComplete("t-1", "a", 1),
        };
        var source = new InMemoryLogSource(events);
        var first = new RecordingDetector("first");
        var second = new RecordingDetector("second");
        var analyzer = new LogAnalyzer(source, [first, second], Options.Create(new AnalysisOptions()), Kit.Clock());

        var result = await analyzer.AnalyzeLogsAsync();

        source.Reads.Should().Be(1);
        first.Seen.Should().Equal(events);
        second.Seen.Should().Equal(events);
        result.EventsAnalyzed.Should().Be(3);
        result.Statistics.CustomEvents.Should().Be(1);
    }

    [Fact]
    public async Task AnalyzeLogsAsync_DetectorThrows_OthersGoOnAndFailureIsReported()
    {
        var events = Enumerable.Range(0, 10).Select(i => Kit.TaskComplete($"t-{i}", "a", 1, second: i));
        var analyzer = new LogAnalyzer(new InMemoryLogSource(events), [new ThrowingDetector(), .. LogAnalyzer.CreateDefaultDetectors()], Options.Create(new AnalysisOptions()), Kit.Clock());

        var result = await analyzer.AnalyzeLogsAsync();

        result.FailedDetectors.Should().Equal("throwing");
        result.Patterns.Should().ContainSingle(p => p.Type == PatternType.SuccessfulPattern);
    }

    [Fact]
    public async Task AnalyzeLogsAsync_TimeRange_OnlyEventsInsideAreAnalysed()
    {
        var events = Enumerable.Range(0, 10).Select(i => Kit.TaskComplete($"t-{i}", "a", 1, second: i * 3600));
        var analyzer = Kit.Analyzer(events);

        var result = await analyzer.AnalyzeLogsAsync(Kit.T0, Kit.T0.AddHours(4));

        result.EventsAnalyzed.Should().Be(4);
        result.Statistics.FilteredOut.Should().Be(6);
        result.From.Should().Be(Kit.T0);
        result.To.Should().Be(Kit.T0.AddHours(4));
    }

    [Fact]
    public async Task AnalyzeLogsAsync_FromAfterTo_Throws()
    {
        var analyzer = Kit.Analyzer([]);

        var act = () => analyzer.AnalyzeLogsAsync(Kit.T0, Kit.T0.AddHours(-1));

        await act.Should().ThrowAsync<ArgumentException>().WithMessage("*time range*");
    }

    [Fact]
    public async Task AnalyzeTimePeriodAsync_ZeroDays_Throws()
    {
        var act = () => Kit.Analyzer([]).AnalyzeTimePeriodAsync(0);

        await act.Should().ThrowAsync<ArgumentOutOfRangeException>();
    }

    [Fact]
    public async Task AnalyzeLogsAsync_Cancelled_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var analyzer = Kit.Analyzer(Enumerable.Range(0, 10).Select(i => Kit.TaskComplete($"t-{i}", "a", 1)));

        var act = () => analyzer.AnalyzeLogsAsync(new LogQuery(), cts.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public void GetSummary_BeforeAnyAnalysis_Null()
    {
        Kit.Analyzer([]).GetSummary().Should().BeNull();
    }

    [Fact]
    public async Task GenerateRecommendationsAsync_SamePatternsAnyOrder_SameRecommendationsInSameOrder()
    {
        var result = await Kit.AnalyzeAsync(MixedEvents());
        var analyzer = Kit.Analyzer([]);
        var reversed = result.Patterns.Reverse().ToList();

        var again = await analyzer.GenerateRecommendationsAsync(reversed);

        again.Select(r => r.Id).Should().Equal(result.Recommendations.Select(r => r.Id));
        result.Recommendations.Should().HaveCountGreaterThan(3);
    }

    [Fact]
    public async Task AnalyzeLogsAsync_TwoRuns_IdenticalPatternsAndRecommendations()
    {
        var first = await Kit.AnalyzeAsync(MixedEvents());
        var second = await Kit.AnalyzeAsync(MixedEvents());

        second.Patterns.Select(p => p.Fingerprint).Should().Equal(first.Patterns.Select(p => p.Fingerprint));
        second.Recommendations.Should().BeEquivalentTo(first.Recommendations, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task AnalyzeLogsAsync_Recommendations_SortedByPriorityThenConfidenceThenId()
    {
        var result = await Kit.AnalyzeAsync(MixedEvents());

        result.Recommendations.Should().BeInDescendingOrder(r => r.Priority);
        for (var i = 1; i < result.Recommendations.Count; i++)
        {
            var (a, b) = (result.Recommendations[i - 1], result.Recommendations[i]);
            if (a.Priority == b.Priority)
            {
                (a.Confidence > b.Confidence || (a.Confidence == b.Confidence && string.CompareOrdinal(a.Id, b.Id) < 0)).Should().BeTrue();
            }
        }
    }

    [Fact]
    public async Task AnalyzeLogsAsync_Confidence_GrowsWithEvidence()
    {
        static IEnumerable<ExecutionEvent> Errors(int n) => Enumerable.Range(0, n).Select(i => Kit.TaskError($"t-{i}", "crawl", "Connection reset by peer", "ConnectionResetError", second: i));

        var few = (await Kit.AnalyzeAsync(Errors(4))).Recommendations.Single();
        var many = (await Kit.AnalyzeAsync(Errors(200))).Recommendations.Single();

        many.Confidence.Should().BeGreaterThan(few.Confidence);
        many.Id.Should().Be(few.Id, "the id depends on the pattern and the paths, not on the figures");
    }

    [Fact]
    public void ComputeFingerprint_KnownInput_StableAcrossRunsAndMachines()
    {
        LogPattern.ComputeFingerprint(PatternType.TimeoutPattern, "task", "web_research").Should().Be(LogPattern.ComputeFingerprint(PatternType.TimeoutPattern, "task", "web_research"));
        ImprovementRecommendation.ComputeId("abc", ActionType.ConfigUpdate, ["b", "a"]).Should().Be(ImprovementRecommendation.ComputeId("abc", ActionType.ConfigUpdate, ["a", "b"]));
    }

    internal static List<ExecutionEvent> MixedEvents()
    {
        var events = new List<ExecutionEvent>();
        events.AddRange(Enumerable.Range(0, 5).Select(i => Kit.TaskError($"a-{i}", "web_research", "Connection timeout", "TimeoutError", second: i)));
        events.AddRange(new[] { 10.5, 11.5, 12.5, 7, 9 }.Select((d, i) => Kit.Tool($"b-{i}", "web_search", d, second: i)));
        events.AddRange(Enumerable.Range(0, 3).Select(i => Kit.Llm($"c-{i}", "gpt-4", cost: 0.15, second: i)));
        events.AddRange(Enumerable.Range(0, 10).Select(i => Kit.TaskComplete($"d-{i}", "summarize", 2, second: i)));
        events.AddRange(Enumerable.Range(0, 7).Select(i => Kit.TaskError($"e-{i}", "crawl", $"HTTP 503 Service Unavailable from host{i}.example", "HTTPError", second: i)));
        events.AddRange(Enumerable.Range(0, 4).Select(i => Kit.TaskError($"f-{i}", "crawl", $"KeyError: 'field{i}'", "KeyError", second: i)));
        for (var i = 0; i < 3; i++)
        {
            events.Add(Kit.Tool($"g-{i}", "fetch", 0.1, "{\"u\":1}", second: i));
            events.Add(Kit.Tool($"g-{i}", "fetch", 0.1, "{\"u\":1}", second: i));
        }

        return events;
    }

    private sealed class RecordingDetector(string name) : IPatternDetector
    {
        public List<ExecutionEvent> Seen { get; } = [];

        public string Name => name;

        public IPatternDetectorSession CreateSession(AnalysisContext context) => new Session(Seen);

        public IEnumerable<ImprovementRecommendation> Recommend(LogPattern pattern, RecommendationContext context) => [];

        private sealed class Session(List<ExecutionEvent> seen) : IPatternDetectorSession
        {
            public void Observe(ExecutionEvent executionEvent) => seen.Add(executionEvent);

            public IReadOnlyList<LogPattern> GetPatterns() => [];
        }
    }

    private sealed class ThrowingDetector : IPatternDetector
    {
        public string Name => "throwing";

        public IPatternDetectorSession CreateSession(AnalysisContext context) => new Session();

        public IEnumerable<ImprovementRecommendation> Recommend(LogPattern pattern, RecommendationContext context) => throw new InvalidOperationException("boom");

        private sealed class Session : IPatternDetectorSession
        {
            public void Observe(ExecutionEvent executionEvent) => throw new InvalidOperationException("boom");

            public IReadOnlyList<LogPattern> GetPatterns() => [];
        }
    }
}
