namespace Alpha.Learning.Logs.Internal;

/// <summary>How a written timestamp is spelled.</summary>
internal enum TimestampStyle
{
    /// <summary>UTC with <c>Z</c>: <c>2026-11-20T10:15:02.1130000Z</c>.</summary>
    Utc,

    /// <summary>Local time with its offset: <c>2026-11-20T11:15:02.1130000+01:00</c>.</summary>
    Offset,

    /// <summary>Local time without an offset (read back in the configured zone).</summary>
    Naive,
}
