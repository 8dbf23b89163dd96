namespace Alpha.Learning.Analysis.Internal;

/// <summary>
/// What <c>timeout_pattern</c> knows of one task type: its runs, its timeouts (count, first and last; how many by
/// duration alone), the durations of its successful runs, the timeouts' templates (by id in a template table) and a
/// few examples and error types. Mergeable, so a fleet's merged evidence is decided by the same rule as one analysis
/// (<see cref="TimeoutDetector.Patterns"/>).
/// </summary>
internal sealed class TimeoutTaskStats
{
    /// <summary>The most templates kept per task type.</summary>
    public const int MaxTemplates = 8;

    public Occurrence Timeouts { get; } = new();

    public long Runs { get; set; }

    public QuantileSketch SuccessDurations { get; private set; } = new();

    public List<string> Examples { get; } = [];

    public List<string> ErrorTypes { get; } = [];

    /// <summary>Gets the timeouts per template id (ids of the table the stats are read with).</summary>
    public Dictionary<int, long> Templates { get; } = [];

    public long DurationOnly { get; set; }

    /// <summary>Counts <paramref name="count"/> timeouts of a template, within <see cref="MaxTemplates"/> templates.</summary>
    public void AddTemplate(int id, long count)
    {
        if (Templates.ContainsKey(id) || Templates.Count < MaxTemplates)
        {
            Templates[id] = Templates.GetValueOrDefault(id) + count;
        }
    }

    /// <summary>Adds another part's figures of the same task type; its template ids are mapped into this one's table by <paramref name="templateId"/>.</summary>
    /// <param name="other">The other part's figures.</param>
    /// <param name="templateId">Maps the other part's template ids into this one's table.</param>
    /// <param name="maxExamples">The most examples kept.</param>
    /// <param name="maxNames">The most error types kept.</param>
    /// <param name="durations">Whether to merge the sketch of successful durations (not when the caller sets the merged sketch itself).</param>
    public void Merge(TimeoutTaskStats other, Func<int, int> templateId, int maxExamples, int maxNames, bool durations = true)
    {
        Timeouts.Merge(other.Timeouts);
        Runs += other.Runs;
        if (durations)
        {
            SuccessDurations.Merge(other.SuccessDurations);
        }

        DurationOnly += other.DurationOnly;
        DetectorSupport.AddUpTo(Examples, other.Examples, maxExamples);

        foreach (var errorType in other.ErrorTypes)
        {
            DetectorSupport.AddDistinct(ErrorTypes, errorType, maxNames);
        }

        foreach (var (id, count) in other.Templates)
        {
            AddTemplate(templateId(id), count);
        }
    }

    /// <summary>Sets the sketch of successful durations (when read back from an aggregate).</summary>
    internal void SetSuccessDurations(QuantileSketch sketch) => SuccessDurations = sketch;
}
