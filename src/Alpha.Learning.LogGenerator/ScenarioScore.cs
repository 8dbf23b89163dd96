namespace Alpha.Learning.LogGenerator;

/// <summary>What an evaluation of one scenario found.</summary>
public sealed class ScenarioScore
{
    /// <summary>Gets the planted changes and when they were found.</summary>
    public required IReadOnlyList<PlantedChangeScore> Changes { get; init; }

    /// <summary>Gets the subject-windows (weekly, non-overlapping windows × subjects) no planted change touched.</summary>
    public required int CleanSubjectWindows { get; init; }

    /// <summary>Gets the findings on clean subject-windows, described.</summary>
    public required IReadOnlyList<string> FalseAlerts { get; init; }
}
