using System.Globalization;

using Cronos;

namespace Alpha.Learning.Loop.Internal;

/// <summary>
/// The default scheduler: daily, weekly and cron schedules are cron expressions evaluated by Cronos in the
/// configured time zone (which handles daylight-saving gaps and overlaps); an interval is anchored at the first
/// instant asked about.
/// </summary>
internal sealed class DefaultFeedbackLoopScheduler : IFeedbackLoopScheduler
{
    private readonly CronExpression? _cron;
    private readonly TimeZoneInfo _zone;
    private readonly TimeSpan _interval;
    private readonly ScheduleKind _kind;

    public DefaultFeedbackLoopScheduler(FeedbackLoopSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        _kind = schedule.Kind;
        _zone = TimeZones.Find(schedule.TimeZone, "Schedule.TimeZone");
        var time = schedule.TimeOfDay;
        var zoneName = _zone == TimeZoneInfo.Utc ? "UTC" : _zone.Id;
        switch (schedule.Kind)
        {
            case ScheduleKind.None:
                Description = "manual only (no schedule)";
                break;
            case ScheduleKind.Daily:
                _cron = CronExpression.Parse(string.Create(CultureInfo.InvariantCulture, $"{time.Second} {time.Minute} {time.Hour} * * *"), CronFormat.IncludeSeconds);
                Description = string.Create(CultureInfo.InvariantCulture, $"daily at {time:HH\\:mm} ({zoneName})");
                break;
            case ScheduleKind.Weekly:
                if (!Enum.IsDefined(schedule.DayOfWeek))
                {
                    throw new ArgumentException($"The schedule's DayOfWeek '{schedule.DayOfWeek}' is not a weekday.", nameof(schedule));
                }

                _cron = CronExpression.Parse(string.Create(CultureInfo.InvariantCulture, $"{time.Second} {time.Minute} {time.Hour} * * {(int)schedule.DayOfWeek}"), CronFormat.IncludeSeconds);
                Description = string.Create(CultureInfo.InvariantCulture, $"weekly on {schedule.DayOfWeek} at {time:HH\\:mm} ({zoneName})");
                break;
            case ScheduleKind.Interval:
                if (schedule.Interval < TimeSpan.FromMinutes(1))
                {
                    throw new ArgumentException($"The schedule's Interval {schedule.Interval} is shorter than one minute.", nameof(schedule));
                }

                _interval = schedule.Interval;
                Description = $"every {schedule.Interval}";
                break;
            case ScheduleKind.Cron:
                var expression = schedule.CronExpression;
                if (string.IsNullOrWhiteSpace(expression))
                {
                    throw new ArgumentException("The schedule is a cron schedule but its CronExpression is empty.", nameof(schedule));
                }

                var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
                try
                {
                    _cron = CronExpression.Parse(expression, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
                }
                catch (CronFormatException ex)
                {
                    throw new ArgumentException($"The cron expression '{expression}' is not valid: {ex.Message}", nameof(schedule), ex);
                }

                Description = $"cron '{expression}' ({zoneName})";
                break;
            default:
                throw new ArgumentException($"The schedule kind '{schedule.Kind}' is not known.", nameof(schedule));
        }
    }

    public string Description { get; }

    public DateTimeOffset? GetNextRun(DateTimeOffset after)
    {
        if (_kind == ScheduleKind.None)
        {
            return null;
        }

        if (_kind == ScheduleKind.Interval)
        {
            return after + _interval;
        }

        var next = _cron!.GetNextOccurrence(after.UtcDateTime, _zone, inclusive: false);
        return next is { } utc ? new DateTimeOffset(utc, TimeSpan.Zero) : null;
    }
}
