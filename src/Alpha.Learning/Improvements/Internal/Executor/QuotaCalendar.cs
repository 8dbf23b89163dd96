namespace Alpha.Learning.Improvements.Internal.Executor;

/// <summary>The calendar day of the daily quota, in the quota's time zone, across daylight-saving changes.</summary>
internal sealed class QuotaCalendar(TimeZoneInfo timeZone)
{
    public (DateTimeOffset Start, DateTimeOffset End) Day(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, timeZone);
        var day = DateOnly.FromDateTime(local.DateTime);
        return (StartOfDay(day), StartOfDay(day.AddDays(1)));
    }

    /// <summary>The first instant of a calendar day in the quota time zone (midnight may be skipped or repeated by daylight saving).</summary>
    private DateTimeOffset StartOfDay(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (timeZone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        var offset = timeZone.IsAmbiguousTime(local) ? timeZone.GetAmbiguousTimeOffsets(local).Max() : timeZone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
