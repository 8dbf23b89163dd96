using System.Diagnostics;

using OpenTelemetry;

namespace ChatAgent;

/// <summary>
/// Stamps every activity of the host with the simulated clock: <see cref="Activity"/> reads the system clock, while this
/// agent lives on an accelerated <see cref="TimeProvider"/>, so the spans that Alpha.Learning's exporter turns into
/// execution events would otherwise all fall within a few real seconds. Registered before the exporter, so the exporter
/// sees the simulated start and end. A host on the real clock needs none of this.
/// </summary>
public sealed class SimulatedClockStamps(TimeProvider clock) : BaseProcessor<Activity>
{
    public override void OnStart(Activity data) => data.SetStartTime(clock.GetUtcNow().UtcDateTime);

    public override void OnEnd(Activity data) => data.SetEndTime(clock.GetUtcNow().UtcDateTime);
}
