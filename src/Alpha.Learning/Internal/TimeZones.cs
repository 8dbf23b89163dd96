namespace Alpha.Learning;

/// <summary>The one lookup of configured time-zone ids (IANA or Windows; empty or <c>UTC</c> is UTC).</summary>
internal static class TimeZones
{
    /// <summary>Finds a time zone; an unknown id is an <see cref="ArgumentException"/> naming the setting.</summary>
    public static TimeZoneInfo Find(string? id, string setting)
    {
        if (string.IsNullOrWhiteSpace(id) || string.Equals(id, "UTC", StringComparison.OrdinalIgnoreCase))
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new ArgumentException($"{setting} '{id}' is not a time zone known on this machine.", setting, ex);
        }
    }
}
