using Alpha.Learning.Analysis.Internal;

namespace Alpha.Learning.Fleet.Internal;

/// <summary>
/// What one instance (or the merged fleet) saw of one task type, tool or model: outcome counts, a duration sketch, the
/// runs over the slow threshold, and the sums of cost and tokens. Every part merges exactly (sums, counts, the
/// earliest and latest instants, <see cref="QuantileSketch.Merge"/>).
/// </summary>
internal sealed class SubjectEvidence
{
    public required SubjectKind Kind { get; init; }

    public required string Name { get; init; }

    /// <summary>Gets or sets the runs (tasks: started or ended; tools and models: calls).</summary>
    public long Count { get; set; }

    public long Successes { get; set; }

    public long Failures { get; set; }

    /// <summary>Gets the durations in seconds (tasks: completed runs; tools and models: every call with a duration).</summary>
    public QuantileSketch Durations { get; private set; } = new();

    /// <summary>Gets or sets how many durations were over the slow threshold of the subject's kind.</summary>
    public long SlowCount { get; set; }

    public DateTimeOffset SlowFirst { get; set; }

    public DateTimeOffset SlowLast { get; set; }

    /// <summary>Gets or sets the estimated cost in USD (models: of their calls).</summary>
    public double Cost { get; set; }

    public long PromptTokens { get; set; }

    public long CompletionTokens { get; set; }

    public void AddSlow(DateTimeOffset at)
    {
        if (SlowCount == 0 || at < SlowFirst)
        {
            SlowFirst = at;
        }

        if (SlowCount == 0 || at > SlowLast)
        {
            SlowLast = at;
        }

        SlowCount++;
    }

    public void Merge(SubjectEvidence other)
    {
        MergeAllButDurations(other);
        Durations.Merge(other.Durations);
    }

    /// <summary>Merges every part of <paramref name="other"/> but its durations (for a merge that takes all the sketches together: <see cref="QuantileSketch.MergeAll"/>).</summary>
    public void MergeAllButDurations(SubjectEvidence other)
    {
        Count += other.Count;
        Successes += other.Successes;
        Failures += other.Failures;
        if (other.SlowCount > 0)
        {
            if (SlowCount == 0 || other.SlowFirst < SlowFirst)
            {
                SlowFirst = other.SlowFirst;
            }

            if (SlowCount == 0 || other.SlowLast > SlowLast)
            {
                SlowLast = other.SlowLast;
            }

            SlowCount += other.SlowCount;
        }

        Cost += other.Cost;
        PromptTokens += other.PromptTokens;
        CompletionTokens += other.CompletionTokens;
    }

    internal void SetDurations(QuantileSketch sketch) => Durations = sketch;
}
