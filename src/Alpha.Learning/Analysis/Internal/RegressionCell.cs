namespace Alpha.Learning.Analysis.Internal;

/// <summary>One subject's figures for one day (or a sum of days).</summary>
internal sealed class RegressionCell
{
    /// <summary>Gets or sets runs (tasks), calls (tools, models) or occurrences (error templates).</summary>
    public long Runs { get; set; }

    public long Successes { get; set; }

    public long Errors { get; set; }

    public long Timeouts { get; set; }

    public RegressionHistogram? Durations { get; set; }

    /// <summary>Gets or sets cost per task (tasks) or per call (models).</summary>
    public RegressionHistogram? Costs { get; set; }

    public RegressionHistogram? Tokens { get; set; }

    public void Add(RegressionCell other)
    {
        Runs += other.Runs;
        Successes += other.Successes;
        Errors += other.Errors;
        Timeouts += other.Timeouts;
        Durations = Merge(Durations, other.Durations);
        Costs = Merge(Costs, other.Costs);
        Tokens = Merge(Tokens, other.Tokens);
    }

    private static RegressionHistogram? Merge(RegressionHistogram? into, RegressionHistogram? from)
    {
        if (from is null)
        {
            return into;
        }

        into ??= new RegressionHistogram();
        into.Merge(from);
        return into;
    }
}
