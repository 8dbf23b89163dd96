namespace Alpha.Learning.Alerts;

/// <summary>What one <see cref="AlertPublisher.PublishAsync"/> did.</summary>
public sealed class AlertPublishResult
{
    /// <summary>Gets the alerts sent (raised, worsened, reminders and resolutions).</summary>
    public required IReadOnlyList<Alert> Sent { get; init; }

    /// <summary>Gets how many findings were still firing but quiet (not worse, within the quiet period).</summary>
    public required int Suppressed { get; init; }

    /// <summary>
    /// Gets the findings left out because an improvement the loop applied in the same scope explains them (pattern
    /// fingerprint → improvement id): that improvement's verification judges them.
    /// </summary>
    public required IReadOnlyDictionary<string, string> Attributed { get; init; }

    /// <summary>Gets how many sends failed (a sink threw or timed out).</summary>
    public required int Failures { get; init; }
}
