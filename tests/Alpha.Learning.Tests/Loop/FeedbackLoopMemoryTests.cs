using System.Globalization;

using Alpha.Learning.Analysis;
using Alpha.Learning.Loop;
using Alpha.Learning.Loop.Internal;
using Alpha.Learning.Storage;

using Microsoft.Data.Sqlite;

namespace Alpha.Learning.Tests.Loop;

/// <summary>Regression tests for the "Why" of issue 13: the loop's memory across a restart, the order of changes, the real config.</summary>
public sealed class FeedbackLoopMemoryTests
{
    private static readonly TimeSpan Spacing = TimeSpan.FromMinutes(20);

    /// <summary>
    /// Why 4: a rolled-back change was re-applied 35 days later with no new evidence, because the history that freezes
    /// consult covered 30 days. The memory is the store: it survives a restart and holds past 30 days.
    /// </summary>
    [Fact]
    public async Task RunCycleAsync_ChangeRolledBackAsRegressed_IsNotReappliedAfterARestartAndFortyDays()
    {
        await using var fixture = new LoopFixture(o => o.Loop.DryRunFirst = false);
        fixture.Logs.Add(LoopFixture.SearchRuns(LoopFixture.T0.AddDays(-2), 60, i => 6 + ((i % 5) * 0.5), Spacing));
        var first = await fixture.Loop.RunCycleAsync();
        var applied = first.Improvements.Single(i => i.Action == "applied");
        fixture.Logs.Add(LoopFixture.SearchRuns(LoopFixture.T0.AddHours(1), 60, i => 20 + (i % 3), TimeSpan.FromMinutes(10)));
        fixture.Time.Advance(TimeSpan.FromDays(1));
        var second = await fixture.Loop.RunCycleAsync();
        second.Verifications.Should().ContainSingle(v => v.Action == "rolled_back");

        // A new process, 40 days later; the same problem shows in the logs as it did before the change.
        await fixture.RestartAsync();
        fixture.Time.Advance(TimeSpan.FromDays(40));
        fixture.Logs.Add(LoopFixture.SearchRuns(fixture.Time.GetUtcNow().AddDays(-2), 60, i => 6 + ((i % 5) * 0.5), Spacing));
        var later = await fixture.Loop.RunCycleAsync();

        later.Recommendations.Should().Contain(r => r.Id == applied.RecommendationId, "the problem is still there, so the rule proposes the same change");
        later.Improvements.Should().ContainSingle(i => i.RecommendationId == applied.RecommendationId)
            .Which.Should().BeEquivalentTo(new { Action = "skipped" }, o => o.ExcludingMissingMembers());
        later.Improvements.Single(i => i.RecommendationId == applied.RecommendationId).Reason.Should().Contain("rolled back").And.Contain("worse");
        later.Count("applied").Should().Be(0);
        fixture.ConfigText.Should().Be(LoopFixture.InitialConfig);
    }

    /// <summary>Why 4: a change a person rolled back (no verdict) comes back only on new evidence of at least the stated minimum, after a restart and past 30 days.</summary>
    [Fact]
    public async Task RunCycleAsync_ChangeRolledBackByAPerson_ComesBackOnlyWithEnoughNewOccurrencesAfterARestart()
    {
        await using var fixture = new LoopFixture(o =>
        {
            o.Loop.DryRunFirst = false;
            o.Loop.ReapplyMinNewOccurrences = 40;
        });
        fixture.Logs.Add(LoopFixture.SearchRuns(LoopFixture.T0.AddDays(-2), 60, i => 6 + ((i % 5) * 0.5), Spacing));
        var first = await fixture.Loop.RunCycleAsync();
        var applied = first.Improvements.Single(i => i.Action == "applied");
        (await fixture.Executor.RollbackImprovementAsync(applied.ImprovementId!, force: false)).Success.Should().BeTrue();

        await fixture.RestartAsync();
        fixture.Time.Advance(TimeSpan.FromDays(35));
        fixture.Logs.Add(LoopFixture.SearchRuns(fixture.Time.GetUtcNow().AddDays(-1), 30, i => 6 + ((i % 5) * 0.5), Spacing));
        var thin = await fixture.Loop.RunCycleAsync();
        thin.Count("applied").Should().Be(0, "30 new occurrences are fewer than the 40 the options ask for");
        fixture.ConfigText.Should().Be(LoopFixture.InitialConfig);

        await fixture.RestartAsync();
        fixture.Time.Advance(TimeSpan.FromDays(1));
        fixture.Logs.Add(LoopFixture.SearchRuns(fixture.Time.GetUtcNow().AddDays(-1), 60, i => 6 + ((i % 5) * 0.5), TimeSpan.FromMinutes(10)));
        var enough = await fixture.Loop.RunCycleAsync();
        enough.Count("applied").Should().Be(1, "90 occurrences since the rollback are new evidence");
    }

    /// <summary>
    /// Why 5: with three changes a cycle, the two routing changes went first and the biggest real wins waited weeks.
    /// Safe before risky, then by expected benefit (tasks and dollars a week, discounted by confidence).
    /// </summary>
    [Fact]
    public async Task Order_RoutingChangesAndBiggerSafeWins_TakesSafeByBenefitThenRisky()
    {
        using var folder = new TempFolder();
        using (var store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = folder.File("learning.db") }))
        {
            var planner = await ChangePlanner.CreateAsync(store, new FeedbackLoopOptions(), LoopFixture.T0, CancellationToken.None);
            ImprovementRecommendation[] recommendations =
            [
                Recommendation("route-a", ActionType.ModelRouting, RiskLevel.Risky, tasks: 0, usd: 40),
                Recommendation("route-b", ActionType.ModelRouting, RiskLevel.Risky, tasks: 0, usd: 30),
                Recommendation("dedupe", ActionType.ToolStrategy, RiskLevel.Safe, tasks: 0, usd: 1),
                Recommendation("retry", ActionType.ErrorHandling, RiskLevel.Safe, tasks: 40, usd: 0),
                Recommendation("timeout", ActionType.ConfigUpdate, RiskLevel.Safe, tasks: 46, usd: 0),
            ];

            var order = planner.Order(recommendations, _ => 0.8).Select(x => x.Recommendation.Id).ToList();

            order.Should().Equal("timeout", "retry", "dedupe", "route-a", "route-b");
        }

        SqliteConnection.ClearAllPools();
    }

    /// <summary>
    /// Why 6: the rules assumed defaults instead of reading the config, and the slow-tool rule lowered a configured
    /// tool timeout, marked safe. Every old value is what the config holds; a lowering is never safe.
    /// </summary>
    [Fact]
    public async Task RunCycleAsync_ConfiguredToolTimeoutAboveWhatTheRuleWouldSet_IsNeverLoweredAsSafe()
    {
        const string Config = "# agent config\ntools:\n  web_search:\n    timeout: 20   # seconds\n";
        await using var fixture = new LoopFixture(o => o.Loop.DryRunFirst = false, Config);
        fixture.Logs.Add(LoopFixture.SearchRuns(LoopFixture.T0.AddDays(-2), 60, i => 6 + ((i % 5) * 0.5), Spacing));

        var report = await fixture.Loop.RunCycleAsync();

        var touching = report.Recommendations.SelectMany(r => r.Changes.Select(c => (r.Risk, Change: c))).Where(x => x.Change.Path == "tools.web_search.timeout").ToList();
        touching.Should().OnlyContain(x => x.Change.OldValue != null && Convert.ToDouble(x.Change.OldValue, CultureInfo.InvariantCulture) == 20, "the old value is what the config holds");
        touching.Should().NotContain(x => x.Risk == RiskLevel.Safe && Convert.ToDouble(x.Change.NewValue, CultureInfo.InvariantCulture) < 20, "lowering a timeout can make work fail");
        fixture.ConfigText.Should().Contain("timeout: 20", "SemiAuto applies only safe changes, and lowering is not one");
    }

    private static ImprovementRecommendation Recommendation(string id, ActionType action, RiskLevel risk, double tasks, double usd) => new()
    {
        Id = id,
        Title = id,
        Rationale = id,
        Priority = Priority.High,
        ActionType = action,
        Confidence = 0.8,
        Risk = risk,
        PatternFingerprint = "fp-" + id,
        PatternType = PatternType.SlowOperation,
        Subject = LogPattern.TaskSubject,
        Key = id,
        Changes = [new ConfigChange { Path = $"agent.{id}", OldValue = 1L, NewValue = 2L }],
        TasksSavedPerWeek = tasks,
        UsdSavedPerWeek = usd,
    };
}
