using Alpha.Learning.Analysis;
using Alpha.Learning.Fleet.Internal;
using Alpha.Learning.Improvements;
using Alpha.Learning.Logs;
using Alpha.Learning.Loop;
using Alpha.Learning.Storage;
using Alpha.Learning.Tests.Loop;

using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Alpha.Learning.Tests.Fleet;

public sealed class FleetLoopTests : IAsyncDisposable
{
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(LoopFixture.T0);
    private readonly List<ServiceProvider> _services = [];
    private readonly List<ListLogSource> _sources = [];

    [Fact]
    public async Task RunCycleAsync_SlowCallsSpreadOverThreeInstances_AppliedOnceWhenTheMergedEvidenceIsEnough()
    {
        // 60 slow searches, 20 on each instance; a pattern needs 50: no instance alone, only the fleet sees it.
        var loops = Instances(3, (i, logs) => logs.Add(LoopFixture.SearchRuns(LoopFixture.T0.AddDays(-2).AddMinutes(i), 20, n => 6 + ((n % 5) * 0.5), TimeSpan.FromHours(1))));

        var first = await loops[0].Loop.RunCycleAsync();
        var second = await loops[1].Loop.RunCycleAsync();
        var third = await loops[2].Loop.RunCycleAsync();
        var again = await loops[0].Loop.RunCycleAsync();

        first.Count("applied").Should().Be(0, "one instance's 20 slow calls are below the 50 a pattern needs");
        second.Count("applied").Should().Be(0, "two instances' 40 are still below");
        third.Count("applied").Should().Be(1, third.Reason);
        third.Reason.Should().Contain("merged the evidence of 3 instance(s) (a, b, c)");
        again.Count("applied").Should().Be(0, "the change is applied once for the fleet");
        var store = loops[0].Store;
        (await store.GetImprovementsAsync(ImprovementStatus.Applied)).Should().ContainSingle();
        File.ReadAllText(_folder.File("agent.yaml")).Should().NotContain("timeout: 10 ");
    }

    [Fact]
    public async Task RunCycleAsync_TimeoutsSpreadOverTwoInstances_RecommendedOnlyFromTheMergedEvidence()
    {
        // Each instance: 8 research runs that succeed in 20-27 s and 2 that time out; a timeout pattern needs 3.
        var loops = Instances(2, (i, logs) => logs.Add(TimeoutRuns($"r{i}", LoopFixture.T0.AddDays(-2).AddMinutes(i), succeeding: 8, timingOut: 2)));

        var alone = await loops[0].Loop.RunCycleAsync();
        var merged = await loops[1].Loop.RunCycleAsync();

        static bool Raise(CycleImprovementItem item) => item.Title.StartsWith("Raise the timeout of research", StringComparison.Ordinal);
        alone.Improvements.Any(Raise).Should().BeFalse("one instance's 2 timeouts are below the 3 a pattern needs");
        merged.Reason.Should().Contain("merged the evidence of 2 instance(s) (a, b)");
        merged.Improvements.Any(Raise).Should().BeTrue("the merged evidence of a and b holds 4 timeouts: {0}", string.Join(" | ", merged.Improvements.Select(i => i.Title)));
        var pattern = (await loops[1].Store.GetPatternsAsync(PatternType.TimeoutPattern)).Should().ContainSingle().Subject;
        pattern.Key.Should().Be("research");
    }

    [Fact]
    public async Task RunCycleAsync_HostRemovedTheTimeoutDetector_TheFleetFindsNoTimeoutPatternEither()
    {
        var loops = Instances(2, (i, logs) => logs.Add(TimeoutRuns($"r{i}", LoopFixture.T0.AddDays(-2).AddMinutes(i), succeeding: 8, timingOut: 2)), withoutTimeoutDetector: true);

        await loops[0].Loop.RunCycleAsync();
        var merged = await loops[1].Loop.RunCycleAsync();

        merged.Reason.Should().Contain("merged the evidence of 2 instance(s) (a, b)");
        merged.Improvements.Should().NotContain(i => i.Title.StartsWith("Raise the timeout", StringComparison.Ordinal));
        (await loops[1].Store.GetPatternsAsync(PatternType.TimeoutPattern)).Should().BeEmpty("the leader's analyzer does not run the timeout detector");
    }

    [Fact]
    public async Task RunCycleAsync_InstanceSilentLongerThanTheTimeout_DropsOutOfTheMerge()
    {
        var loops = Instances(2, (i, logs) => logs.Add(LoopFixture.SearchRuns(LoopFixture.T0.AddDays(-2).AddMinutes(i), 30, n => 6, TimeSpan.FromHours(1))));
        await loops[0].Loop.RunCycleAsync();

        _time.Advance(TimeSpan.FromMinutes(61));
        var report = await loops[1].Loop.RunCycleAsync();

        report.Reason.Should().Contain("merged the evidence of 1 instance(s) (b)");
        report.Count("applied").Should().Be(0, "30 slow calls of b alone are below the 50 a pattern needs");
    }

    [Fact]
    public async Task RunCycleAsync_LeaderSeesNoChangeButTheFleetFailsMoreAfterAChange_JudgedOnTheMergedOutcomesAndRolledBack()
    {
        // Before the change every instance served 30 research runs calling a slow web_search (90 slow calls make the pattern).
        var loops = Instances(3, (i, logs) => logs.Add(Runs($"before-{i}", LoopFixture.T0.AddDays(-2).AddMinutes(i), 30, failing: 0)));
        var logs = _sources;
        (await loops[1].Loop.RunCycleAsync()).Count("applied").Should().Be(0, "b alone has 30 slow calls, below the 50 a pattern needs");
        var applying = await loops[2].Loop.RunCycleAsync();
        applying.Count("applied").Should().Be(1, string.Join(" | ", applying.Improvements.Select(i => $"{i.Title}: {i.Action} {i.Reason}")));
        var store = loops[0].Store;
        var change = (await store.GetImprovementsAsync(ImprovementStatus.Applied)).Should().ContainSingle().Subject;

        // After it: the leader a still succeeds every time; b and c fail half their runs.
        _time.Advance(TimeSpan.FromHours(1));
        logs[0].Add(Runs("after-a", _time.GetUtcNow(), 30, failing: 0));
        logs[1].Add(Runs("after-b", _time.GetUtcNow(), 30, failing: 15));
        logs[2].Add(Runs("after-c", _time.GetUtcNow(), 30, failing: 15));
        _time.Advance(TimeSpan.FromHours(6));

        // b and c report while another process holds the lease (their attempts are skipped), then a leads a cycle.
        (await store.TryAcquireLeaseAsync("feedback-loop-cycle", "elsewhere/1/other", _time.GetUtcNow(), TimeSpan.FromMinutes(5))).Should().BeTrue();
        (await loops[1].Loop.RunCycleAsync()).Status.Should().Be(CycleStatus.Skipped);
        (await loops[2].Loop.RunCycleAsync()).Status.Should().Be(CycleStatus.Skipped);
        await store.ReleaseLeaseAsync("feedback-loop-cycle", "elsewhere/1/other");
        var verifying = await loops[0].Loop.RunCycleAsync();

        var item = verifying.Verifications.Should().ContainSingle(v => v.ImprovementId == change.Id).Subject;
        item.Details.Should().StartWith("Fleet: judged on the merged outcomes of 3 instance(s) (a, b, c).");
        (item.Before, item.After).Should().Be((90L, 90L), "the runs in scope of all three instances, not the leader's 30 and 30");
        item.Verdict.Should().Be("regressed", "30 of the fleet's 90 runs after the change failed, none of 90 before (the leader's own 30 after all succeeded)");
        item.Action.Should().Be("rolled_back");
        (await store.GetImprovementAsync(change.Id))!.Status.Should().Be(ImprovementStatus.RolledBack);
    }

    [Fact]
    public async Task ReportAsync_LogFolderUnchanged_ReadsItOnlyWhenItChangesOrAQuarterOfTheInstanceTimeoutPassed()
    {
        var logs = Directory.CreateDirectory(_folder.File("logs")).FullName;
        var file = Path.Combine(logs, "agent.jsonl");
        FleetLogFiles.Write(file, LoopFixture.SearchRuns(LoopFixture.T0.AddHours(-3), 5, _ => 6, TimeSpan.FromMinutes(1)));
        using var store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = _folder.File("member.db") });
        var options = new FeedbackLoopOptions { LogPaths = [logs], Fleet = { Instance = "a", InstanceTimeout = TimeSpan.FromHours(1) } };
        var member = new FleetMember(store, store, new JsonLinesLogSource(), new AnalysisOptions(), options, NullLogger.Instance);
        var now = LoopFixture.T0;

        await member.ReportAsync(now.AddDays(-7), now, default);
        await member.ReportAsync(now.AddDays(-7), now.AddMinutes(1), default);
        var unchanged = member.Reports;
        File.AppendAllText(file, File.ReadAllLines(file)[0] + "\n");
        await member.ReportAsync(now.AddDays(-7), now.AddMinutes(2), default);
        var appended = member.Reports;
        await member.ReportAsync(now.AddDays(-7), now.AddMinutes(20), default);

        unchanged.Should().Be((1L, 1L), "the second report found the folder unchanged and wrote nothing new");
        appended.Should().Be((2L, 1L), "a file that grew is read again");
        member.Reports.Should().Be((3L, 1L), "15 minutes (a quarter of the instance timeout) after the last read, the logs are read again");
        (await store.GetFleetAggregatesAsync(now)).Should().ContainSingle().Which.ReportedAt.Should().Be(now.AddMinutes(20));
    }

    [Theory]
    [InlineData("web/1")]
    [InlineData("")]
    [InlineData("a name with spaces")]
    public void FeedbackLoop_BadInstanceName_IsRefusedNamingTheSettingAndValue(string name)
    {
        var services = Provider(name, new ListLogSource());

        var act = () => services.GetRequiredService<FeedbackLoop>();

        act.Should().Throw<OptionsValidationException>().WithMessage($"*Fleet:Instance '{name}'*");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var services in _services)
        {
            await services.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private List<(FeedbackLoop Loop, ILearningStore Store)> Instances(int count, Action<int, ListLogSource> seed, bool withoutTimeoutDetector = false)
    {
        File.WriteAllText(_folder.File("agent.yaml"), LoopFixture.InitialConfig);
        var loops = new List<(FeedbackLoop, ILearningStore)>();
        for (var i = 0; i < count; i++)
        {
            var logs = new ListLogSource();
            _sources.Add(logs);
            seed(i, logs);
            var services = Provider(((char)('a' + i)).ToString(), logs, withoutTimeoutDetector);
            loops.Add((services.GetRequiredService<FeedbackLoop>(), services.GetRequiredService<ILearningStore>()));
        }

        return loops;
    }

    /// <summary>Research runs calling web_search (6 to 8 s, slow: a raised timeout is proposed), the last <paramref name="failing"/> of them ending in a task error.</summary>
    private static IEnumerable<ExecutionEvent> Runs(string prefix, DateTimeOffset start, int count, int failing)
    {
        for (var i = 0; i < count; i++)
        {
            var t = start + TimeSpan.FromMinutes(10 * i);
            var id = $"{prefix}-{i}";
            yield return new ExecutionEvent { Kind = ExecutionEventKind.TaskStart, EventName = "task_start", Timestamp = t, TaskId = id, TaskName = "research" };
            var seconds = 6 + ((i % 5) * 0.5);
            yield return new ExecutionEvent { Kind = ExecutionEventKind.ToolExecution, EventName = "tool_execution", Timestamp = t.AddSeconds(seconds), TaskId = id, ToolName = "web_search", Duration = seconds, Success = true };
            yield return i >= count - failing
                ? new ExecutionEvent { Kind = ExecutionEventKind.TaskError, EventName = "task_error", Timestamp = t.AddSeconds(seconds + 0.5), TaskId = id, TaskName = "research", ErrorType = "ValueError", Error = "Bad answer" }
                : new ExecutionEvent { Kind = ExecutionEventKind.TaskComplete, EventName = "task_complete", Timestamp = t.AddSeconds(seconds + 0.5), TaskId = id, TaskName = "research", Duration = seconds + 0.5 };
        }
    }

    /// <summary>Research runs: <paramref name="succeeding"/> that complete in 20 to 27 s, then <paramref name="timingOut"/> that end in a timeout error.</summary>
    private static IEnumerable<ExecutionEvent> TimeoutRuns(string prefix, DateTimeOffset start, int succeeding, int timingOut)
    {
        for (var i = 0; i < succeeding + timingOut; i++)
        {
            var t = start + TimeSpan.FromMinutes(10 * i);
            var id = $"{prefix}-{i}";
            yield return new ExecutionEvent { Kind = ExecutionEventKind.TaskStart, EventName = "task_start", Timestamp = t, TaskId = id, TaskName = "research" };
            yield return i < succeeding
                ? new ExecutionEvent { Kind = ExecutionEventKind.TaskComplete, EventName = "task_complete", Timestamp = t.AddSeconds(20 + i), TaskId = id, TaskName = "research", Duration = 20 + i }
                : new ExecutionEvent { Kind = ExecutionEventKind.TaskError, EventName = "task_error", Timestamp = t.AddSeconds(30), TaskId = id, TaskName = "research", ErrorType = "TimeoutError", Error = "Task research timed out after 30 s" };
        }
    }

    private ServiceProvider Provider(string instance, ListLogSource logs, bool withoutTimeoutDetector = false)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton<ILogSource>(logs);
        services.AddAlphaLearning(o =>
        {
            o.Store.DatabasePath = _folder.File("learning.db");
            o.Config.Path = _folder.File("agent.yaml");
            o.Loop.Mode = FeedbackLoopMode.SemiAuto;
            o.Loop.Fleet.Instance = instance;
            o.Loop.Fleet.InstanceTimeout = TimeSpan.FromHours(1);
            o.Analysis.SlowMinOccurrences = 50;
            o.Analysis.RecurringErrorMinOccurrences = 1000;
            o.Loop.MinVerificationSamples = 30;
        });
        if (withoutTimeoutDetector)
        {
            var timeouts = services.Single(d => d.ServiceType == typeof(IPatternDetector) && d.ImplementationType?.Name == "TimeoutDetector");
            services.Remove(timeouts);
        }

        var provider = services.BuildServiceProvider();
        _services.Add(provider);
        return provider;
    }
}
