using Alpha.Learning.Analysis;
using Alpha.Learning.Internal;

namespace Alpha.Learning.Alerts;

/// <summary>Options of the alerts on baseline-relative findings and of the built-in sinks.</summary>
public sealed class AlertOptions
{
    /// <summary>
    /// The key of the host's keyed <see cref="System.Net.Http.HttpClient"/> the webhook sink posts through, when one is
    /// registered (for example <c>services.AddHttpClient(AlertOptions.WebhookHttpClientName).AddStandardResilienceHandler().AddAsKeyed()</c>);
    /// otherwise the sink uses a client of its own.
    /// </summary>
    public const string WebhookHttpClientName = "Alpha.Learning.Alerts.Webhook";

    /// <summary>Gets or sets the lowest severity that is alerted. The default value is <see cref="Priority.Low"/>.</summary>
    public Priority MinSeverity { get; set; } = Priority.Low;

    /// <summary>Gets or sets how long a finding that did not worsen stays quiet before it is sent again. The default value is 24 hours.</summary>
    [SettingDuration(0)]
    public TimeSpan QuietPeriod { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Gets or sets the factor by which an effect must grow to count as worse (a higher severity always does). The default value is 1.25.</summary>
    [SettingRange(1)]
    public double WorsenFactor { get; set; } = 1.25;

    /// <summary>Gets or sets whether alerts are written to the host's logger. The default value is <see langword="true"/>.</summary>
    public bool LogAlerts { get; set; } = true;

    /// <summary>Gets or sets the webhook URL (http or https) alerts are posted to as JSON, or <see langword="null"/> for none. The default value is <see langword="null"/>.</summary>
    [SettingHttpUrl]
    public string? WebhookUrl { get; set; }

    /// <summary>Gets or sets the timeout of one webhook attempt. The default value is 10 seconds.</summary>
    [SettingDuration(0, MinimumIsExclusive = true)]
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets how many times a webhook post is tried (transient failures: network errors, timeouts, 408, 429, 5xx). The default value is 4.</summary>
    [SettingRange(1, 10)]
    public int WebhookMaxAttempts { get; set; } = 4;

    /// <summary>Gets or sets the wait before the first retry; it doubles each retry, with jitter. The default value is 1 second.</summary>
    [SettingDuration(0)]
    public TimeSpan WebhookInitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets how many alerts wait for the webhook at most; more are dropped (and logged). The default value is 256.</summary>
    [SettingRange(1, 100_000)]
    public int WebhookQueueCapacity { get; set; } = 256;

    /// <summary>Gets or sets a JSON-lines file alerts are appended to, or <see langword="null"/> for none. The default value is <see langword="null"/>.</summary>
    [SettingText("name a file or leave it unset", Optional = true)]
    public string? FilePath { get; set; }

    /// <summary>Gets or sets how long one sink may take to accept an alert before it is skipped for that alert. The default value is 5 seconds.</summary>
    [SettingDuration(0, MinimumIsExclusive = true)]
    public TimeSpan SinkTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
