namespace Alpha.Learning.LogGenerator;

/// <summary>A kind of change planted in generated logs.</summary>
public enum PlantedChangeKind
{
    /// <summary>A tool's durations are multiplied by <see cref="PlantedChange.Magnitude"/> from the start day on.</summary>
    LatencyStep,

    /// <summary>A task type's error rate becomes <see cref="PlantedChange.Magnitude"/> (a share) from the start day on.</summary>
    ErrorRateStep,

    /// <summary>A model's price is multiplied by <see cref="PlantedChange.Magnitude"/> from the start day on.</summary>
    PriceChange,

    /// <summary>A task type fails with a never-seen error in <see cref="PlantedChange.Magnitude"/> (a share) of its runs from the start day on.</summary>
    NewErrorTemplate,

    /// <summary>A task type's prompt and completion sizes (so its cost per task) grow by <see cref="PlantedChange.Magnitude"/> (a share) a week from the start day on.</summary>
    CostDrift,
}
