namespace Alpha.Learning.Alerts.Internal;

/// <summary>The webhook sink, when <see cref="AlertOptions.WebhookUrl"/> is set.</summary>
internal sealed class ConfiguredWebhookAlertSink(IAlertSink? inner) : ConfiguredAlertSink("webhook", inner);
