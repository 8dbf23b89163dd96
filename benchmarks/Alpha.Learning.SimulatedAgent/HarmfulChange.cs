namespace Alpha.Learning.SimulatedAgent;

/// <summary>A change the world's ground truth calls harmful, and how long it stayed.</summary>
public sealed class HarmfulChange
{
    public required string Change { get; init; }

    public required string Why { get; init; }

    public int AppliedDay { get; init; }

    public int? RemovedDay { get; set; }

    public int DaysStayed(int lastDay) => (RemovedDay ?? lastDay + 1) - AppliedDay;
}
