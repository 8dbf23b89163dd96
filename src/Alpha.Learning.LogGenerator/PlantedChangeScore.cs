namespace Alpha.Learning.LogGenerator;

/// <summary>How one planted change was found.</summary>
public sealed class PlantedChangeScore
{
    /// <summary>Gets the change.</summary>
    public required PlantedChange Change { get; init; }

    /// <summary>Gets the first day (counted from the scenario's start) whose end found it, or <see langword="null"/> when never.</summary>
    public int? FoundOnDay { get; init; }

    /// <summary>Gets the days of changed data the window held when it was first found.</summary>
    public int? DelayDays => FoundOnDay - Change.StartDay;

    /// <summary>Gets whether it was found within one window of its start (for a drift planted from the first day: of the first day the trend test can run).</summary>
    public required bool FoundWithinWindow { get; init; }

    /// <summary>
    /// Gets, for an error-rate step, the chance (by the power calculation over the runs its first whole window and that
    /// window's baseline held) that the first window wholly after it finds it; <see langword="null"/> for other kinds.
    /// The sum of one minus it over many scenarios is the number of misses to expect from the test's power alone.
    /// </summary>
    public double? Power { get; init; }
}
