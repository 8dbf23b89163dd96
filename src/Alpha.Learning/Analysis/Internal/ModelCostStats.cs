namespace Alpha.Learning.Analysis.Internal;

/// <summary>
/// What <c>high_cost_operation</c> knows of one model: its calls, priced and unpriced, their cost (total and sketch),
/// the calls over the cost threshold, its price from the table, and the outcomes of the task types whose main work it
/// served. Mergeable, so a fleet's merged evidence is decided by the same rule as one analysis
/// (<see cref="HighCostDetector.Patterns"/>).
/// </summary>
internal sealed class ModelCostStats
{
    /// <summary>The most task types whose outcomes are kept per model.</summary>
    public const int MaxTaskTypes = 256;

    public long Calls { get; set; }

    public long PricedCalls { get; set; }

    public double TotalCost { get; set; }

    public Occurrence Expensive { get; } = new();

    public Occurrence Unpriced { get; } = new();

    public QuantileSketch Costs { get; private set; } = new();

    public bool Resolved { get; set; }

    public string? PriceKey { get; set; }

    public ModelPrice? Price { get; set; }

    /// <summary>Gets the runs and successes of each task type whose main work this model served.</summary>
    public Dictionary<string, TaskOutcome> ByTaskType { get; } = new(StringComparer.Ordinal);

    /// <summary>Looks the model's price up in the table (once).</summary>
    public void Resolve(string model, AnalysisOptions options)
    {
        if (!Resolved)
        {
            (PriceKey, Price) = HighCostDetector.ResolvePrice(options.ModelPrices, model);
            Resolved = true;
        }
    }

    /// <summary>Adds another part's calls of the same model (the price is looked up again by <see cref="Resolve"/>).</summary>
    public void Merge(ModelCostStats other)
    {
        Calls += other.Calls;
        PricedCalls += other.PricedCalls;
        TotalCost += other.TotalCost;
        Expensive.Merge(other.Expensive);
        Unpriced.Merge(other.Unpriced);
        Costs.Merge(other.Costs);
        foreach (var (task, outcome) in other.ByTaskType)
        {
            AddOutcome(task, outcome.Runs, outcome.Successes);
        }
    }

    /// <summary>Counts runs and successes of a task type, within <see cref="MaxTaskTypes"/> task types.</summary>
    public void AddOutcome(string task, long runs, long successes)
    {
        if (DetectorSupport.GetOrAdd(ByTaskType, task, MaxTaskTypes) is { } outcome)
        {
            outcome.Runs += runs;
            outcome.Successes += successes;
        }
    }

    /// <summary>Sets the cost sketch (when read back from an aggregate).</summary>
    internal void SetCosts(QuantileSketch sketch) => Costs = sketch;

    /// <summary>The runs of one task type served by the model, and how many succeeded.</summary>
    internal sealed class TaskOutcome
    {
        public long Runs { get; set; }

        public long Successes { get; set; }
    }
}
