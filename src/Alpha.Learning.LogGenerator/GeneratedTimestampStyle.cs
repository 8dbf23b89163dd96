namespace Alpha.Learning.LogGenerator;

/// <summary>How generated timestamps are spelled.</summary>
public enum GeneratedTimestampStyle
{
    /// <summary>UTC with <c>Z</c>.</summary>
    Utc,

    /// <summary>With a +02:00 offset.</summary>
    Offset,

    /// <summary>Without an offset (UTC wall time).</summary>
    Naive,

    /// <summary>Each line picks one of the three.</summary>
    Mixed,
}
