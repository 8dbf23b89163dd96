using Alpha.Learning.Analysis;

namespace Alpha.Learning.Alerts;

/// <summary>What the store remembers of one alert, so a finding is not sent again every check.</summary>
public sealed class AlertState
{
    /// <summary>Gets the pattern's fingerprint.</summary>
    public required string Fingerprint { get; init; }

    /// <summary>Gets the pattern type.</summary>
    public required PatternType PatternType { get; init; }

    /// <summary>Gets what the finding is about.</summary>
    public required string Subject { get; init; }

    /// <summary>Gets the name of what the finding is about.</summary>
    public required string Key { get; init; }

    /// <summary>Gets whether the finding is still there.</summary>
    public required AlertStatus Status { get; init; }

    /// <summary>Gets the severity last sent.</summary>
    public required Priority Severity { get; init; }

    /// <summary>Gets the size of the effect last sent (a ratio, a difference of shares, or a weekly change).</summary>
    public required double Effect { get; init; }

    /// <summary>Gets the last description.</summary>
    public required string Description { get; init; }

    /// <summary>Gets when it was first raised (this time round).</summary>
    public required DateTimeOffset FirstRaisedAt { get; init; }

    /// <summary>Gets when it was last sent.</summary>
    public required DateTimeOffset LastSentAt { get; init; }

    /// <summary>Gets when it was last found.</summary>
    public required DateTimeOffset LastSeenAt { get; init; }

    /// <summary>Gets when it was resolved, or <see langword="null"/> while firing.</summary>
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>Gets the last notification sent.</summary>
    public required AlertNotification LastNotification { get; init; }

    /// <summary>Gets how many notifications were sent for it.</summary>
    public required int TimesSent { get; init; }
}
