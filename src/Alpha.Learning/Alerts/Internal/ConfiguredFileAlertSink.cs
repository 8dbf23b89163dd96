namespace Alpha.Learning.Alerts.Internal;

/// <summary>The JSON-lines file sink, when <see cref="AlertOptions.FilePath"/> is set.</summary>
internal sealed class ConfiguredFileAlertSink(IAlertSink? inner) : ConfiguredAlertSink("file", inner);
