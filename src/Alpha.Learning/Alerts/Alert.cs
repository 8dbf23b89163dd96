using Alpha.Learning.Analysis;

namespace Alpha.Learning.Alerts;

/// <summary>
/// A notification about a baseline-relative finding (<c>regression</c>, <c>new_error</c>, <c>trend</c>), sent to every
/// <see cref="IAlertSink"/>. Its <see cref="Fingerprint"/> is the pattern's, so the same finding is one alert over time.
/// </summary>
public sealed class Alert
{
    /// <summary>Gets the pattern's fingerprint (the alert's identity).</summary>
    public required string Fingerprint { get; init; }

    /// <summary>Gets why the alert is sent.</summary>
    public required AlertNotification Notification { get; init; }

    /// <summary>Gets the pattern type.</summary>
    public required PatternType PatternType { get; init; }

    /// <summary>Gets what the finding is about: <c>task</c>, <c>tool</c>, <c>model</c> or <c>error</c>.</summary>
    public required string Subject { get; init; }

    /// <summary>Gets the name of what the finding is about (untrusted log text).</summary>
    public required string Key { get; init; }

    /// <summary>Gets the severity.</summary>
    public required Priority Severity { get; init; }

    /// <summary>Gets a one-line description for people.</summary>
    public required string Description { get; init; }

    /// <summary>Gets the evidence: the pattern's metadata (metric, before, after, effect, p-value, windows).</summary>
    public IReadOnlyDictionary<string, object> Evidence { get; init; } = new Dictionary<string, object>();

    /// <summary>Gets when the alert is sent.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>Gets when the finding was first raised (this time round).</summary>
    public required DateTimeOffset FirstRaisedAt { get; init; }
}
