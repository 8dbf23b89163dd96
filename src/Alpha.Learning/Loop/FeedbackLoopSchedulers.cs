using Alpha.Learning.Loop.Internal;

namespace Alpha.Learning.Loop;

/// <summary>
/// Creates the default <see cref="IFeedbackLoopScheduler"/>.
/// </summary>
public static class FeedbackLoopSchedulers
{
    /// <summary>Creates the default scheduler for a schedule.</summary>
    /// <param name="schedule">The schedule.</param>
    /// <returns>The scheduler.</returns>
    /// <exception cref="ArgumentException">The schedule is not valid (an unknown time zone, a bad cron expression, an interval under a minute); the message names the setting.</exception>
    public static IFeedbackLoopScheduler Create(FeedbackLoopSchedule schedule) => new DefaultFeedbackLoopScheduler(schedule);
}
