using System.Text.RegularExpressions;
using Alpha.Learning.Analysis;
using Alpha.Learning.Logs;
using FsCheck;
using FsCheck.Xunit;
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

public sealed class BoundedMemoryTests
{
    [Fact]
    public void Observe_MillionDistinctTaskIds_OpenTaskStateStaysWithinCap()
    {
        var options = new AnalysisOptions { MaxOpenTasks = 10_000 };
        var context = new AnalysisContext { Options = options, Now = Kit.T0 };
        var chains = (Alpha.Learning.Analysis.Internal.InefficientToolChainDetector.Session)new Alpha.Learning.Analysis.Internal.InefficientToolChainDetector().CreateSession(context);
        var costs = (Alpha.Learning.Analysis.Internal.HighCostDetector.Session)new Alpha.Learning.Analysis.Internal.HighCostDetector().CreateSession(context);
        var tool = new ExecutionEvent { Kind = ExecutionEventKind.ToolExecution, EventName = "tool_execution", Timestamp = Kit.T0, ToolName = "search", Duration = 0.1, Success = true };
        var llm = new ExecutionEvent { Kind = ExecutionEventKind.LlmInteraction, EventName = "llm_interaction", Timestamp = Kit.T0, Model = "gpt-4", EstimatedCost = 0.01 };

        for (var i = 0; i < 1_000_000; i++)
        {
            var id = "t-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var at = Kit.T0.AddMilliseconds(i);
            chains.Observe(new ExecutionEvent { Kind = tool.Kind, EventName = tool.EventName, Timestamp = at, ToolName = tool.ToolName, TaskId = id, Success = true });
            costs.Observe(new ExecutionEvent { Kind = llm.Kind, EventName = llm.EventName, Timestamp = at, Model = llm.Model, TaskId = id, EstimatedCost = 0.01 });
        }

        chains.OpenTasks.Should().BeLessThanOrEqualTo(10_000);
        costs.OpenTasks.Should().BeLessThanOrEqualTo(10_000);
    }

    [Fact]
    public void Observe_StaleTasks_DroppedByEventTime()
    {
        var options = new AnalysisOptions { OpenTaskStaleAfter = TimeSpan.FromMinutes(5) };
        var session = (Alpha.Learning.Analysis.Internal.InefficientToolChainDetector.Session)new Alpha.Learning.Analysis.Internal.InefficientToolChainDetector().CreateSession(new AnalysisContext { Options = options, Now = Kit.T0 });

        for (var i = 0; i < 100; i++)
        {
            session.Observe(Kit.Tool($"t-{i}", "search", 0.1, second: i * 60));
        }

        session.OpenTasks.Should().BeLessThanOrEqualTo(6);
    }

    [Fact]
    public void Observe_TaskEnds_StateDropped()
    {
        var session = (Alpha.Learning.Analysis.Internal.InefficientToolChainDetector.Session)new Alpha.Learning.Analysis.Internal.InefficientToolChainDetector().CreateSession(new AnalysisContext { Options = new AnalysisOptions(), Now = Kit.T0 });

        session.Observe(Kit.Tool("t-1", "search", 0.1));
        session.Observe(Kit.TaskComplete("t-1", "a"));

        session.OpenTasks.Should().Be(0);
    }

    [Fact]
    public void Observe_HundredThousandDistinctErrorMessages_TemplatesStayWithinCap()
    {
        var options = new AnalysisOptions { MaxErrorTypes = 10 };
        var session = new Alpha.Learning.Analysis.Internal.RecurringErrorDetector().CreateSession(new AnalysisContext { Options = options, Now = Kit.T0 });
        var random = new Random(3);

        for (var i = 0; i < 100_000; i++)
        {
            var words = string.Join(' ', Enumerable.Range(0, 4).Select(_ => new string((char)('a' + random.Next(26)), 1 + random.Next(8)) + (char)('a' + random.Next(26))));
            session.Observe(Kit.TaskError("t", "x", words, "E" + (i % 20).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        session.GetPatterns().Count.Should().BeLessThanOrEqualTo(10 * options.ErrorTemplates.MaxTemplates);
    }
}

public sealed class SafePathPropertyTests
{
    private static readonly Regex SafePath = new("^[A-Za-z0-9_-]{1,64}(\\.[A-Za-z0-9_-]{1,64})*$", RegexOptions.CultureInvariant);

    [Property(MaxTest = 150)]
    public bool Run_AnyNamesAndMessagesFromLogs_EveryChangePathIsSafeAndValueFromRules(NonNull<string> name, NonNull<string> message, NonNull<string> errorType)
    {
        var n = name.Get;
        var events = new List<ExecutionEvent>();
        for (var i = 0; i < 12; i++)
        {
            var id = n + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            events.Add(Kit.TaskError(id, n, message.Get + " timed out", errorType.Get, 31, second: i));
            events.Add(Kit.TaskError(id + "c", n, message.Get + " connection reset", errorType.Get, second: i));
            events.Add(Kit.Tool(id, n, 20, message.Get, second: i));
            events.Add(Kit.Tool(id, n, 20, message.Get, success: false, error: message.Get, second: i));
            events.Add(Kit.Llm(id, n, cost: 1, second: i));
            events.Add(Kit.Llm(id, "gpt-4o-mini", cost: 0.001, second: i));
            events.Add(Kit.TaskComplete(id, n, 50, second: i));
        }

        var (_, recommendations) = Kit.Run(events);

        return recommendations.SelectMany(r => r.Changes).All(c =>
            SafePath.IsMatch(c.Path)
            && c.Path.Length <= 512
            && c.NewValue is bool or long or double or string
            && (c.NewValue is not string s || new AnalysisOptions().ModelPrices.ContainsKey(s)));
    }

    [Property(MaxTest = 300)]
    public bool Run_UnsafeSubjectName_NeverInAPathButStillReported(NonNull<string> raw)
    {
        var n = raw.Get + "/../x.y";
        var events = Enumerable.Range(0, 5).Select(i => Kit.TaskError($"t-{i}", n, "Connection timeout", "TimeoutError", second: i)).ToList();

        var (patterns, recommendations) = Kit.Run(events);

        return patterns.Any(p => p.Key == n)
            && recommendations.Count == 1
            && recommendations[0].Changes.Count == 0
            && recommendations[0].Note is { Length: > 0 };
    }

    [Fact]
    public void Run_ControlCharactersInMessages_ExamplesCannotForgeLines()
    {
        var events = Enumerable.Range(0, 3).Select(i => Kit.TaskError($"t-{i}", "x", "bad\nFAKE LINE\u2028more", "ValueError", second: i));

        var pattern = Kit.Run(events).Patterns.Single();

        pattern.Examples.Should().OnlyContain(e => !e.Contains('\n') && !e.Contains('\u2028'));
    }
}

public sealed class AnalysisOptionsValidationTests
{
    public static TheoryData<Action<AnalysisOptions>, string> InvalidOptions => new()
    {
        { o => o.SlowToolThresholdSeconds = 0, "SlowToolThresholdSeconds" },
        { o => o.HighCostThresholdUsd = double.NaN, "HighCostThresholdUsd" },
        { o => o.TimeoutMultiplier = 0.5, "TimeoutMultiplier" },
        { o => o.MaxOpenTasks = 0, "MaxOpenTasks" },
        { o => o.SuccessMinRate = 1.5, "SuccessMinRate" },
        { o => o.TaskTimeoutPath = "tasks.timeouts", "TaskTimeoutPath" },
        { o => o.ToolCachePath = "tools.{tool}.cache results", "ToolCachePath" },
        { o => o.MaxTaskTimeoutSeconds = 10, "MaxTaskTimeoutSeconds" },
        { o => o.ModelPrices["x"] = new ModelPrice { InputPerMillion = -1 }, "ModelPrices" },
        { o => o.ErrorTemplates.MaxTemplates = 0, "MaxTemplates" },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Constructor_InvalidOption_ThrowsNamingTheSetting(Action<AnalysisOptions> change, string setting)
    {
        var options = new AnalysisOptions();
        change(options);

        var act = () => LogAnalyzer.Create(new InMemoryLogSource([]), options);

        act.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain(setting);
    }

    [Fact]
    public void Constructor_DefaultOptions_Valid()
    {
        var act = () => LogAnalyzer.Create(new InMemoryLogSource([]));

        act.Should().NotThrow();
    }
}
