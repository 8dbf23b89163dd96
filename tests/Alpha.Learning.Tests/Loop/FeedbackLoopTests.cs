using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;
using Alpha.Learning.Loop;

namespace Alpha.Learning.Tests.Loop;

public class FeedbackLoopTests
{
    private static readonly TimeSpan Spacing = TimeSpan.FromMinutes(20);

    /// <summary>60 searches of 6–8 s before T0 (a slow tool: a safe timeout change) and 30 redundant-call runs (a risky change).</summary>
    private static void SeedProblems(LoopFixture fixture)
    {
        fixture.Logs.Add(LoopFixture.SearchRuns(LoopFixture.T0.AddDays(-2), 60, i => 6 + ((i % 5) * 0.5), Spacing));
        fixture.Logs.Add(LoopFixture.RedundantRuns(LoopFixture.T0.AddDays(-2), 30, Spacing));
    }

    [Theory]
    [InlineData(FeedbackLoopMode.Manual, 0, 2)]
    [InlineData(FeedbackLoopMode.SemiAuto, 1, 1)]
    [InlineData(FeedbackLoopMode.FullAuto, 2, 0)]
    public async Task RunCycleAsync_Mode_AppliesOrQueuesAsTheModeSays(FeedbackLoopMode mode, int applied, int pending)
    {
        await using var fixture = new LoopFixture(o => o.Loop.Mode = mode);
        SeedProblems(fixture);

        var report = await fixture.Loop.RunCycleAsync();

        report.Status.Should().Be(CycleStatus.Completed, report.Reason);
        report.Count("applied").Should().Be(applied);
        report.Count("pending_approval").Should().Be(pending);
        (await fixture.Store.GetImprovementsAsync(ImprovementStatus.PendingApproval)).Should().HaveCount(pending);
        if (applied == 0)
        {
            fixture.ConfigText.Should().Be(LoopFixture.InitialConfig, "nothing may be written in Manual mode");
        }
    }

    [Fact]
    public async Task RunCycleAsync_SemiAutoOverRealProblems_AppliesTheSafeChangeKeepingComments()
    {
        await using var fixture = new LoopFixture();
        SeedProblems(fixture);

        var report = await fixture.Loop.RunCycleAsync();

        var item = report.Improvements.Single(i => i.Action == "applied");
        item.Changes.Should().ContainSingle(c => c.Path == "tools.web_search.timeout");
        fixture.ConfigText.Should().StartWith("# agent config\n").And.Contain("# seconds").And.NotContain("timeout: 10 ");
        report.ToJson().Should().Contain("\"pendingApproval\": 1");
    }

    [Fact]
    public async Task RunCycleAsync_DryRun_WritesNothingAndQueuesNothing()
    {
        await using var fixture = new LoopFixture(o => o.Loop.Mode = FeedbackLoopMode.FullAuto);
        SeedProblems(fixture);

        var report = await fixture.Loop.RunCycleAsync(new RunCycleOptions { DryRun = true });

        report.Count("dry_run").Should().Be(2);
        report.Count("applied").Should().Be(0);
        fixture.ConfigText.Should().Be(LoopFixture.InitialConfig);
        (await fixture.Store.GetImprovementsAsync(ImprovementStatus.Applied)).Should().BeEmpty();
    }

    [Fact]
    public async Task RunCycleAsync_RegressionAfterApply_IsRolledBackWithinTwoCycles()
    {
        await using var fixture = new LoopFixture();
        fixture.Logs.Add(LoopFixture.SearchRuns(LoopFixture.T0.AddDays(-2), 60, i => 6 + ((i % 5) * 0.5), Spacing));
        var first = await fixture.Loop.RunCycleAsync();
        first.Count("applied").Should().Be(1);
        var changed = fixture.ConfigText;

        // After the change the tool got much slower: the change made things worse.
        fixture.Logs.Add(LoopFixture.SearchRuns(LoopFixture.T0.AddHours(1), 60, i => 20 + (i % 3), TimeSpan.FromMinutes(10)));
        fixture.Time.Advance(TimeSpan.FromDays(1));
        var second = await fixture.Loop.RunCycleAsync();

        second.Verifications.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Verdict = "regressed", Action = "rolled_back" }, o => o.ExcludingMissingMembers());
        fixture.ConfigText.Should().Be(LoopFixture.InitialConfig).And.NotBe(changed);
        var record = await fixture.Store.GetImprovementAsync(first.Improvements.Single(i => i.Action == "applied").ImprovementId!);
        record!.Status.Should().Be(ImprovementStatus.RolledBack);
        record.Verdict.Should().Be(VerificationVerdict.Regressed);
        (await fixture.Store.GetCorrelationsAsync("pattern_action_effect")).Should().ContainSingle(c => c.Score < 0);
    }

    [Fact]
    public async Task RunCycleAsync_ImprovementThatHelped_IsKept()
    {
        await using var fixture = new LoopFixture();
        fixture.Logs.Add(LoopFixture.SearchRuns(LoopFixture.T0.AddDays(-2), 60, i => 6 + ((i % 5) * 0.5), Spacing));
        await fixture.Loop.RunCycleAsync();
        var changed = fixture.ConfigText;

        fixture.Logs.Add(LoopFixture.SearchRuns(LoopFixture.T0.AddHours(1), 60, i => 2 + ((i % 4) * 0.25), TimeSpan.FromMinutes(10)));
        fixture.Time.Advance(TimeSpan.FromDays(1));
        var second = await fixture.Loop.RunCycleAsync();

        second.Verifications.Should().ContainSingle().Which.Verdict.Should().Be("improved");
        second.Verifications.Single().Action.Should().BeNull();
        fixture.ConfigText.Should().Be(changed);
    }

    [Fact]
    public async Task RunCycleAsync_TooLittleDataAfterApply_GivesInsufficientDataAndNoAction()
    {
        await using var fixture = new LoopFixture();
        fixture.Logs.Add(LoopFixture.SearchRuns(LoopFixture.T0.AddDays(-2), 60, i => 6 + ((i % 5) * 0.5), Spacing));
        await fixture.Loop.RunCycleAsync();
        var changed = fixture.ConfigText;

        fixture.Logs.Add(LoopFixture.SearchRuns(LoopFixture.T0.AddHours(1), 10, _ => 30, TimeSpan.FromMinutes(10)));
        fixture.Time.Advance(TimeSpan.FromDays(1));
        var second = await fixture.Loop.RunCycleAsync();

        second.Verifications.Should().ContainSingle().Which.Verdict.Should().Be("insufficient_data");
        second.Verifications.Single().Action.Should().BeNull();
        fixture.ConfigText.Should().Be(changed);
    }

    [Fact]
    public async Task RunCycleAsync_RollbackCapReached_DropsToManualAndSaysSo()
    {
        await using var fixture = new LoopFixture(o => o.Loop.MaxConsecutiveRollbacks = 1);
        fixture.Logs.Add(LoopFixture.SearchRuns(LoopFixture.T0.AddDays(-2), 60, i => 6 + ((i % 5) * 0.5), Spacing));
        await fixture.Loop.RunCycleAsync();
        fixture.Logs.Add(LoopFixture.SearchRuns(LoopFixture.T0.AddHours(1), 60, i => 20 + (i % 3), TimeSpan.FromMinutes(10)));
        fixture.Time.Advance(TimeSpan.FromDays(1));

        var second = await fixture.Loop.RunCycleAsync();

        second.Reason.Should().Contain("Manual mode");
        fixture.Loop.GetStatus().Mode.Should().Be(FeedbackLoopMode.Manual);
        await fixture.RestartAsync();
        fixture.Loop.GetStatus().Should().NotBeNull();
        (await fixture.Loop.RunCycleAsync()).Mode.Should().Be(FeedbackLoopMode.Manual, "the drop to Manual lives in the store and survives a restart");
    }

    [Fact]
    public async Task RunCycleAsync_DailyQuota_HoldsAcrossARestart()
    {
        await using var fixture = new LoopFixture(o =>
        {
            o.Loop.Mode = FeedbackLoopMode.FullAuto;
            o.Loop.MaxDailyImprovements = 1;
        });
        SeedProblems(fixture);

        var first = await fixture.Loop.RunCycleAsync();
        await fixture.RestartAsync();
        fixture.Time.Advance(TimeSpan.FromHours(1));
        var second = await fixture.Loop.RunCycleAsync();

        first.Count("applied").Should().Be(1);
        second.Count("applied").Should().Be(0);
        (await fixture.Store.GetImprovementsAsync(ImprovementStatus.Applied)).Should().HaveCount(1);
    }

    [Fact]
    public async Task RunCycleAsync_LeaseHeldElsewhere_SkipsTheCycle()
    {
        await using var fixture = new LoopFixture();
        SeedProblems(fixture);
        (await fixture.Store.TryAcquireLeaseAsync("feedback-loop-cycle", "another-process", fixture.Time.GetUtcNow(), TimeSpan.FromMinutes(30))).Should().BeTrue();

        var report = await fixture.Loop.RunCycleAsync();

        report.Status.Should().Be(CycleStatus.Skipped);
        report.Reason.Should().Contain("Another cycle");
        fixture.ConfigText.Should().Be(LoopFixture.InitialConfig);
    }

    [Fact]
    public async Task RunCycleAsync_StoresMetricsPatternsAndTheCycle()
    {
        await using var fixture = new LoopFixture(o => o.Loop.Mode = FeedbackLoopMode.Manual);
        SeedProblems(fixture);

        var report = await fixture.Loop.RunCycleAsync();

        report.MetricsStored.Should().BeGreaterThan(0);
        (await fixture.Store.GetMetricsAsync("p95_duration", "web_search")).Should().ContainSingle();
        (await fixture.Store.GetPatternsAsync(PatternType.SlowOperation)).Should().NotBeEmpty();
        var cycle = await fixture.Store.GetLastCycleAsync();
        cycle!.CycleNumber.Should().Be(report.CycleNumber);
        cycle.Report.Should().Contain("\"cycleNumber\"");
        (await fixture.Store.GetStateAsync(FeedbackLoop.ModeStateKey)).Should().Be("manual");
    }

    [Fact]
    public async Task ApproveAsync_PendingRiskyChange_IsApplied()
    {
        await using var fixture = new LoopFixture();
        SeedProblems(fixture);
        var report = await fixture.Loop.RunCycleAsync();
        var pending = report.Improvements.Single(i => i.Action == "pending_approval");

        var result = await fixture.Loop.ApproveAsync(pending.ImprovementId!);

        result.Outcome.Should().Be(Alpha.Learning.Improvements.ImprovementOutcome.Applied, result.Reason);
        fixture.ConfigText.Should().Contain("db_query");
    }

    [Fact]
    public async Task RollbackLastImprovementAsync_AfterAnApply_RestoresTheConfig()
    {
        await using var fixture = new LoopFixture();
        fixture.Logs.Add(LoopFixture.SearchRuns(LoopFixture.T0.AddDays(-2), 60, i => 6 + ((i % 5) * 0.5), Spacing));
        await fixture.Loop.RunCycleAsync();

        var result = await fixture.Loop.RollbackLastImprovementAsync();

        result.Success.Should().BeTrue(result.Reason);
        fixture.ConfigText.Should().Be(LoopFixture.InitialConfig);
    }

    [Fact]
    public async Task StartAsync_IntervalSchedule_RunsOnTheFakeClockAndCollapsesMissedRuns()
    {
        await using var fixture = new LoopFixture(o => o.Loop.Mode = FeedbackLoopMode.Manual);
        SeedProblems(fixture);
        var completed = 0;
        var ran = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        fixture.Loop.CycleCompleted += (_, _) =>
        {
            Interlocked.Increment(ref completed);
            ran.TrySetResult();
        };
        await fixture.Loop.StartAsync();
        fixture.Loop.GetStatus().NextRun.Should().Be(LoopFixture.T0.AddHours(1));

        fixture.Time.Advance(TimeSpan.FromHours(1));
        await ran.Task.WaitAsync(TimeSpan.FromSeconds(30));
        ran = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await WaitUntilScheduledAsync(fixture, after: LoopFixture.T0.AddHours(1));

        // A long pause: five scheduled runs were missed; one runs.
        fixture.Time.Advance(TimeSpan.FromHours(5));
        await ran.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await fixture.Loop.StopAsync();

        completed.Should().Be(2, "the runs missed during the pause collapse into one");
        fixture.Loop.GetStatus().Running.Should().BeFalse();
        (await fixture.Store.GetCycleCountAsync()).Should().Be(2);
    }

    /// <summary>The cycle's event fires before the loop schedules the next run: wait (bounded) for the schedule before moving the clock.</summary>
    private static async Task WaitUntilScheduledAsync(LoopFixture fixture, DateTimeOffset after)
    {
        var deadline = Environment.TickCount64 + 30_000;
        while (fixture.Loop.GetStatus().NextRun is not { } next || next <= after)
        {
            Environment.TickCount64.Should().BeLessThan(deadline, "the loop should schedule its next run after a cycle");
            await Task.Yield();
        }
    }
}
