namespace Alpha.Learning.LogGenerator;

/// <summary>One change planted in generated logs.</summary>
public sealed class PlantedChange
{
    /// <summary>Gets the kind of change.</summary>
    public required PlantedChangeKind Kind { get; init; }

    /// <summary>Gets the name of the tool, task type or model changed.</summary>
    public required string Target { get; init; }

    /// <summary>Gets the day (counted from the scenario's start, 0-based) the change starts on.</summary>
    public required int StartDay { get; init; }

    /// <summary>Gets the size of the change (see <see cref="PlantedChangeKind"/>).</summary>
    public required double Magnitude { get; init; }

    /// <summary>Gets the text of the new error (<see cref="PlantedChangeKind.NewErrorTemplate"/> only).</summary>
    public string? ErrorText { get; init; }

    /// <summary>Gets the error type of the new error (<see cref="PlantedChangeKind.NewErrorTemplate"/> only).</summary>
    public string? ErrorType { get; init; }
}
