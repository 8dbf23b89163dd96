namespace Alpha.Learning.Analysis.Internal;

/// <summary>
/// What <c>successful_pattern</c> knows of one task type: its runs, its successes (count, first and last) and the
/// durations of its successful runs. Mergeable (counts add, instants widen, sketches merge), so a fleet's merged
/// evidence is decided by the same rule as one analysis (<see cref="SuccessfulPatternDetector.Patterns"/>).
/// </summary>
internal sealed class SuccessTaskStats
{
    public long Runs { get; set; }

    public Occurrence Successes { get; } = new();

    public QuantileSketch Durations { get; private set; } = new();

    /// <summary>Adds another part's runs of the same task type.</summary>
    public void Merge(SuccessTaskStats other)
    {
        Runs += other.Runs;
        Successes.Merge(other.Successes);
        Durations.Merge(other.Durations);
    }

    /// <summary>Sets the duration sketch (when read back from an aggregate).</summary>
    internal void SetDurations(QuantileSketch sketch) => Durations = sketch;
}
