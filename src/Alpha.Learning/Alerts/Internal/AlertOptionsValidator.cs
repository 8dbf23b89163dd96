using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Alerts.Internal;

/// <summary>The rules of <see cref="AlertOptions"/>; each failure names the setting (as <c>Alerts:X</c>) and its value.</summary>
internal static class AlertOptionsValidator
{
    public static IEnumerable<string> Validate(AlertOptions options)
    {
        if (options.QuietPeriod < TimeSpan.Zero)
        {
            yield return Inv($"Alerts:QuietPeriod cannot be negative ({options.QuietPeriod}).");
        }

        if (!(options.WorsenFactor >= 1) || !double.IsFinite(options.WorsenFactor))
        {
            yield return Inv($"Alerts:WorsenFactor must be at least 1, not {options.WorsenFactor}.");
        }

        if (options.WebhookUrl is { } url && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            yield return Inv($"Alerts:WebhookUrl '{url}' is not an absolute http or https URL.");
        }

        if (options.WebhookTimeout <= TimeSpan.Zero || options.SinkTimeout <= TimeSpan.Zero)
        {
            yield return Inv($"Alerts:WebhookTimeout ({options.WebhookTimeout}) and Alerts:SinkTimeout ({options.SinkTimeout}) must be positive.");
        }

        if (options.WebhookMaxAttempts is < 1 or > 10)
        {
            yield return Inv($"Alerts:WebhookMaxAttempts must be from 1 to 10, not {options.WebhookMaxAttempts}.");
        }

        if (options.WebhookInitialBackoff < TimeSpan.Zero)
        {
            yield return Inv($"Alerts:WebhookInitialBackoff cannot be negative ({options.WebhookInitialBackoff}).");
        }

        if (options.WebhookQueueCapacity is < 1 or > 100_000)
        {
            yield return Inv($"Alerts:WebhookQueueCapacity must be from 1 to 100000, not {options.WebhookQueueCapacity}.");
        }

        if (options.FilePath is { } path && string.IsNullOrWhiteSpace(path))
        {
            yield return "Alerts:FilePath is blank: name a file or leave it unset.";
        }
    }
}
