namespace Alpha.Learning.Logs.Internal;

/// <summary>
/// Parses ISO 8601 date-times from UTF-8 without allocating: <c>YYYY-MM-DD</c>, a <c>T</c>, <c>t</c> or space,
/// <c>hh:mm[:ss[.fraction]]</c>, then <c>Z</c>, an offset (<c>±hh:mm</c>, <c>±hhmm</c>, <c>±hh</c>) or nothing (naive).
/// </summary>
internal static class Iso8601
{
    private static readonly long MaxOffsetTicks = TimeSpan.FromHours(14).Ticks;

    /// <summary>Parses <paramref name="text"/>; a naive time is read in <paramref name="naiveZone"/> (UTC when null).</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, TimeZoneInfo? naiveZone, out DateTimeOffset value)
    {
        value = default;
        if (text.Length < 16
            || !TryDigits(text, 0, 4, out var year)
            || text[4] != (byte)'-'
            || !TryDigits(text, 5, 2, out var month)
            || text[7] != (byte)'-'
            || !TryDigits(text, 8, 2, out var day)
            || text[10] is not ((byte)'T' or (byte)'t' or (byte)' ')
            || !TryDigits(text, 11, 2, out var hour)
            || text[13] != (byte)':'
            || !TryDigits(text, 14, 2, out var minute))
        {
            return false;
        }

        var pos = 16;
        var second = 0;
        long fractionTicks = 0;
        if (pos < text.Length && text[pos] == (byte)':')
        {
            if (!TryDigits(text, pos + 1, 2, out second))
            {
                return false;
            }

            pos += 3;
            if (pos < text.Length && text[pos] is (byte)'.' or (byte)',')
            {
                pos++;
                var start = pos;
                long scale = TimeSpan.TicksPerSecond;
                while (pos < text.Length && (uint)(text[pos] - '0') <= 9)
                {
                    if (scale > 1)
                    {
                        scale /= 10;
                        fractionTicks += (text[pos] - '0') * scale;
                    }

                    pos++;
                }

                if (pos == start)
                {
                    return false;
                }
            }
        }

        if (month is < 1 or > 12 || day < 1 || year < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(fractionTicks);
        if (pos == text.Length)
        {
            var offset = naiveZone is null || naiveZone == TimeZoneInfo.Utc ? TimeSpan.Zero : naiveZone.GetUtcOffset(local);
            return TryCreate(local, offset, out value);
        }

        if (text[pos] is (byte)'Z' or (byte)'z')
        {
            return pos + 1 == text.Length && TryCreate(local, TimeSpan.Zero, out value);
        }

        if (text[pos] is not ((byte)'+' or (byte)'-'))
        {
            return false;
        }

        var sign = text[pos] == (byte)'-' ? -1 : 1;
        pos++;
        if (!TryDigits(text, pos, 2, out var offsetHours))
        {
            return false;
        }

        pos += 2;
        var offsetMinutes = 0;
        if (pos < text.Length)
        {
            if (text[pos] == (byte)':')
            {
                pos++;
            }

            if (!TryDigits(text, pos, 2, out offsetMinutes) || pos + 2 != text.Length || offsetMinutes > 59)
            {
                return false;
            }
        }

        var offsetSpan = new TimeSpan(sign * ((offsetHours * TimeSpan.TicksPerHour) + (offsetMinutes * TimeSpan.TicksPerMinute)));
        return Math.Abs(offsetSpan.Ticks) <= MaxOffsetTicks && TryCreate(local, offsetSpan, out value);
    }

    private static bool TryCreate(DateTime local, TimeSpan offset, out DateTimeOffset value)
    {
        var utcTicks = local.Ticks - offset.Ticks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            value = default;
            return false;
        }

        value = new DateTimeOffset(local, offset);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<byte> text, int start, int count, out int value)
    {
        value = 0;
        if (start + count > text.Length)
        {
            return false;
        }

        for (var i = start; i < start + count; i++)
        {
            var digit = (uint)(text[i] - '0');
            if (digit > 9)
            {
                return false;
            }

            value = (value * 10) + (int)digit;
        }

        return true;
    }
}
