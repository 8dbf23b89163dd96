using Alpha.Learning.Analysis;

namespace Alpha.Learning.Tests.Loop;

public sealed class FeedbackLoopRetentionTests
{
    private static LogPattern OldPattern(DateTimeOffset lastSeen) => new()
    {
        Type = PatternType.SlowOperation,
        Subject = LogPattern.ToolSubject,
        Key = "retired_tool",
        Description = "retired_tool is slow",
        Occurrences = 4,
        ImpactScore = 0.3,
        FirstSeen = lastSeen.AddDays(-1),
        LastSeen = lastSeen,
        Metadata = new Dictionary<string, object> { ["subject"] = "tool" },
    };

    [Fact]
    public async Task RunCycleAsync_Retention_PurgesWhatIsOlderAfterTheCycle()
    {
        await using var fixture = new LoopFixture(o => o.Loop.Retention = TimeSpan.FromDays(30));
        await fixture.Store.StorePatternAsync(OldPattern(LoopFixture.T0.AddDays(-60)), null, LoopFixture.T0.AddDays(-60));

        var report = await fixture.Loop.RunCycleAsync();

        report.Status.Should().Be(Alpha.Learning.Loop.CycleStatus.Completed, report.Reason);
        (await fixture.Store.GetPatternsAsync()).Should().NotContain(p => p.Key == "retired_tool");
    }

    [Fact]
    public async Task RunCycleAsync_RetentionOff_KeepsEverything()
    {
        await using var fixture = new LoopFixture(o => o.Loop.Retention = null);
        await fixture.Store.StorePatternAsync(OldPattern(LoopFixture.T0.AddDays(-600)), null, LoopFixture.T0.AddDays(-600));

        await fixture.Loop.RunCycleAsync();

        (await fixture.Store.GetPatternsAsync()).Should().Contain(p => p.Key == "retired_tool");
    }
}
