namespace Alpha.Learning.Loop;

/// <summary>
/// The schedule of the default <see cref="IFeedbackLoopScheduler"/>. Times of day, weekdays and cron fields are read
/// in <see cref="TimeZone"/>, across daylight-saving changes: a time skipped by the change runs at the change, a time
/// that happens twice runs once.
/// </summary>
public sealed class FeedbackLoopSchedule
{
    /// <summary>Gets or sets the kind of schedule. The default value is <see cref="ScheduleKind.Daily"/>.</summary>
    public ScheduleKind Kind { get; set; } = ScheduleKind.Daily;

    /// <summary>Gets or sets the time of day of a daily or weekly schedule. The default value is 02:00.</summary>
    public TimeOnly TimeOfDay { get; set; } = new(2, 0);

    /// <summary>Gets or sets the weekday of a weekly schedule (Monday means Monday). The default value is <see cref="System.DayOfWeek.Monday"/>.</summary>
    public DayOfWeek DayOfWeek { get; set; } = DayOfWeek.Monday;

    /// <summary>Gets or sets the period of an interval schedule, at least one minute. The default value is 6 hours.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>
    /// Gets or sets the cron expression of a cron schedule: five fields (minute hour day month weekday), or six with
    /// seconds first. The default value is <see langword="null"/>.
    /// </summary>
    public string? CronExpression { get; set; }

    /// <summary>Gets or sets the IANA or Windows id of the time zone the schedule is read in. The default value is <c>UTC</c>.</summary>
    public string TimeZone { get; set; } = "UTC";
}
