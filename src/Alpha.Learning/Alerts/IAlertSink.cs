namespace Alpha.Learning.Alerts;

/// <summary>
/// Receives alerts: the host's logger, a webhook, a JSON-lines file, or a host's own sink (register it as an
/// <see cref="IAlertSink"/> singleton). A sink must return quickly: slow work (network calls with retries) belongs in
/// a background queue, so a feedback-loop cycle or a check never waits on it.
/// </summary>
public interface IAlertSink
{
    /// <summary>Gets the sink's name, for logs.</summary>
    string Name { get; }

    /// <summary>Sends (or queues) one alert.</summary>
    /// <param name="alert">The alert.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>A task that completes when the alert is sent or queued.</returns>
    Task SendAsync(Alert alert, CancellationToken cancellationToken = default);

    /// <summary>Waits until queued alerts are sent, at most <paramref name="timeout"/> (for a process about to exit).</summary>
    /// <param name="timeout">The longest wait.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>A task that completes when the queue is empty or the time is up.</returns>
    Task FlushAsync(TimeSpan timeout, CancellationToken cancellationToken = default);
}
