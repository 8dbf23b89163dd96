namespace Alpha.Learning.SimulatedAgent;

/// <summary>A clock the simulation moves by hand.</summary>
public sealed class SimulatedClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}
