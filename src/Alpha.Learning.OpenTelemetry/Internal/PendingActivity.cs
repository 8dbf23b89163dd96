using System.Diagnostics;

using Alpha.Learning.Logs.Otlp.Internal;

namespace Alpha.Learning.OpenTelemetry.Internal;

/// <summary>
/// A finished activity waiting for the writer thread, with what had to be decided on the host's thread: its role and
/// the activity whose span is its task (the nearest agent ancestor, else the local root; only for model and tool calls).
/// A finished activity does not change any more, so the writer reads its tags and times later, as OpenTelemetry's own
/// batch exporters do.
/// </summary>
internal readonly record struct PendingActivity(Activity Activity, SpanRole Role, Activity? Task, bool IsLinkedRoot);
