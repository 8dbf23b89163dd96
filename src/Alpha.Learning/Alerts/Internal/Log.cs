using Alpha.Learning.Internal;

using Microsoft.Extensions.Logging;

namespace Alpha.Learning.Alerts.Internal;

/// <summary>The alerts' log messages (event ids 6000–6099). Alert texts hold log-derived names: they are values, never templates.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = EventIds.Alerts.Alert, Level = LogLevel.Warning, Message = "Alert {Notification} ({Severity}) {PatternType} {Subject} '{Key}': {Description}")]
    public static partial void Alert(ILogger logger, string notification, string severity, string patternType, string subject, string key, string description);

    [LoggerMessage(EventId = EventIds.Alerts.SinkFailed, Level = LogLevel.Warning, Message = "The alert sink '{Sink}' failed; the alert is skipped for it.")]
    public static partial void SinkFailed(ILogger logger, Exception exception, string sink);

    [LoggerMessage(EventId = EventIds.Alerts.WebhookQueueFull, Level = LogLevel.Warning, Message = "The webhook queue is full ({Capacity}); the alert {Fingerprint} is dropped.")]
    public static partial void WebhookQueueFull(ILogger logger, int capacity, string fingerprint);

    [LoggerMessage(EventId = EventIds.Alerts.WebhookRetry, Level = LogLevel.Information, Message = "Webhook attempt {Attempt} for alert {Fingerprint} failed ({Reason}); retrying in {DelayMs} ms.")]
    public static partial void WebhookRetry(ILogger logger, int attempt, string fingerprint, string reason, long delayMs);

    [LoggerMessage(EventId = EventIds.Alerts.WebhookGaveUp, Level = LogLevel.Warning, Message = "The webhook gave up on alert {Fingerprint} after {Attempts} attempts ({Reason}).")]
    public static partial void WebhookGaveUp(ILogger logger, string fingerprint, int attempts, string reason);
}
