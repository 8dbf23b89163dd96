using Alpha.Learning.Loop;

namespace Alpha.Learning.Tests.Loop;

public class FeedbackLoopSchedulerTests
{
    private static DateTimeOffset Utc(int y, int m, int d, int h = 0, int min = 0) => new(y, m, d, h, min, 0, TimeSpan.Zero);

    [Fact]
    public void GetNextRun_Daily_RunsAtTheTimeOfDayAcrossMidnight()
    {
        var scheduler = FeedbackLoopSchedulers.Create(new FeedbackLoopSchedule { Kind = ScheduleKind.Daily, TimeOfDay = new TimeOnly(2, 0) });

        scheduler.GetNextRun(Utc(2026, 11, 20, 1, 59)).Should().Be(Utc(2026, 11, 20, 2, 0));
        scheduler.GetNextRun(Utc(2026, 11, 20, 2, 0)).Should().Be(Utc(2026, 11, 21, 2, 0), "the next run is strictly after");
        scheduler.GetNextRun(Utc(2026, 11, 20, 23, 59)).Should().Be(Utc(2026, 11, 21, 2, 0));
        scheduler.Description.Should().Be("daily at 02:00 (UTC)");
    }

    [Theory]
    [InlineData(DayOfWeek.Monday, 23)]
    [InlineData(DayOfWeek.Tuesday, 24)]
    [InlineData(DayOfWeek.Sunday, 29)]
    [InlineData(DayOfWeek.Saturday, 28)]
    public void GetNextRun_Weekly_RunsOnThatWeekday(DayOfWeek day, int expectedDay)
    {
        // 2026-11-22 is a Sunday.
        var scheduler = FeedbackLoopSchedulers.Create(new FeedbackLoopSchedule { Kind = ScheduleKind.Weekly, DayOfWeek = day, TimeOfDay = new TimeOnly(9, 30) });

        var next = scheduler.GetNextRun(Utc(2026, 11, 22, 12, 0))!.Value;

        next.Should().Be(new DateTimeOffset(2026, 11, expectedDay, 9, 30, 0, TimeSpan.Zero));
        next.DayOfWeek.Should().Be(day);
    }

    [Fact]
    public void GetNextRun_Interval_AddsTheInterval()
    {
        var scheduler = FeedbackLoopSchedulers.Create(new FeedbackLoopSchedule { Kind = ScheduleKind.Interval, Interval = TimeSpan.FromMinutes(90) });

        scheduler.GetNextRun(Utc(2026, 11, 20, 23, 0)).Should().Be(Utc(2026, 11, 21, 0, 30));
    }

    [Fact]
    public void GetNextRun_Cron_FollowsTheExpression()
    {
        var scheduler = FeedbackLoopSchedulers.Create(new FeedbackLoopSchedule { Kind = ScheduleKind.Cron, CronExpression = "15 */6 * * 1-5" });

        // Friday 2026-11-20 23:00 → next weekday slot is Monday 00:15.
        scheduler.GetNextRun(Utc(2026, 11, 20, 23, 0)).Should().Be(Utc(2026, 11, 23, 0, 15));
    }

    [Fact]
    public void GetNextRun_DailyInZoneAcrossSpringForward_RunsOnceAtTheChange()
    {
        // Europe/Berlin skips 02:00–03:00 on 2026-03-29.
        var scheduler = FeedbackLoopSchedulers.Create(new FeedbackLoopSchedule { Kind = ScheduleKind.Daily, TimeOfDay = new TimeOnly(2, 30), TimeZone = "Europe/Berlin" });

        var next = scheduler.GetNextRun(Utc(2026, 3, 28, 12, 0))!.Value;
        var after = scheduler.GetNextRun(next)!.Value;

        next.Should().Be(Utc(2026, 3, 29, 1, 0), "02:30 does not exist that night; the run happens at the change (03:00 CEST = 01:00Z)");
        after.Should().Be(Utc(2026, 3, 30, 0, 30), "then 02:30 CEST = 00:30Z");
    }

    [Fact]
    public void GetNextRun_DailyInZoneAcrossFallBack_RunsOnce()
    {
        // Europe/Berlin repeats 02:00–03:00 on 2026-10-25.
        var scheduler = FeedbackLoopSchedulers.Create(new FeedbackLoopSchedule { Kind = ScheduleKind.Daily, TimeOfDay = new TimeOnly(2, 30), TimeZone = "Europe/Berlin" });

        var first = scheduler.GetNextRun(Utc(2026, 10, 24, 12, 0))!.Value;
        var second = scheduler.GetNextRun(first)!.Value;

        first.Should().Be(Utc(2026, 10, 25, 0, 30), "02:30 CEST");
        second.Should().Be(Utc(2026, 10, 26, 1, 30), "not again at 02:30 CET the same night");
    }

    [Fact]
    public void GetNextRun_None_NeverRuns()
    {
        FeedbackLoopSchedulers.Create(new FeedbackLoopSchedule { Kind = ScheduleKind.None }).GetNextRun(Utc(2026, 1, 1)).Should().BeNull();
    }

    [Theory]
    [InlineData(ScheduleKind.Cron, "not a cron", "UTC", "*cron expression 'not a cron'*")]
    [InlineData(ScheduleKind.Cron, null, "UTC", "*CronExpression is empty*")]
    [InlineData(ScheduleKind.Daily, null, "Mars/Olympus", "*'Mars/Olympus'*")]
    public void Create_InvalidSchedule_ThrowsNamingTheSetting(ScheduleKind kind, string? cron, string zone, string message)
    {
        var act = () => FeedbackLoopSchedulers.Create(new FeedbackLoopSchedule { Kind = kind, CronExpression = cron, TimeZone = zone });

        act.Should().Throw<ArgumentException>().WithMessage(message);
    }

    [Fact]
    public void Create_IntervalUnderAMinute_IsRefused()
    {
        var act = () => FeedbackLoopSchedulers.Create(new FeedbackLoopSchedule { Kind = ScheduleKind.Interval, Interval = TimeSpan.FromSeconds(5) });

        act.Should().Throw<ArgumentException>().WithMessage("*Interval*shorter than one minute*");
    }
}
