namespace Alpha.Learning.Loop;

/// <summary>
/// How often the default scheduler runs a cycle.
/// </summary>
public enum ScheduleKind
{
    /// <summary>Never on its own: cycles run only when triggered by hand (<c>ManualTriggerAsync</c> or the CLI).</summary>
    None = 0,

    /// <summary>Every day at <see cref="FeedbackLoopSchedule.TimeOfDay"/>.</summary>
    Daily = 1,

    /// <summary>Every week on <see cref="FeedbackLoopSchedule.DayOfWeek"/> at <see cref="FeedbackLoopSchedule.TimeOfDay"/>.</summary>
    Weekly = 2,

    /// <summary>Every <see cref="FeedbackLoopSchedule.Interval"/>.</summary>
    Interval = 3,

    /// <summary>At the instants of <see cref="FeedbackLoopSchedule.CronExpression"/>.</summary>
    Cron = 4,
}
