using Microsoft.Extensions.Logging;

namespace Alpha.Learning.Alerts.Internal;

/// <summary>Writes each alert to the host's logger as a warning (event id 6000).</summary>
internal sealed class LoggerAlertSink(ILogger<LoggerAlertSink> logger) : IAlertSink
{
    public string Name => "logger";

    public Task SendAsync(Alert alert, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        Log.Alert(logger, AlertJson.Name(alert.Notification), EnumNames.ToName(alert.Severity), EnumNames.ToName(alert.PatternType), alert.Subject, alert.Key, alert.Description);
        return Task.CompletedTask;
    }

    public Task FlushAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
