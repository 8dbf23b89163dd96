namespace Alpha.Learning.SimulatedAgent;

/// <summary>What the world's own ground truth says of the task runs of one task type.</summary>
public sealed class TypeOutcome
{
    public long Tasks { get; set; }

    public long Successes { get; set; }

    public double Cost { get; set; }

    public List<double> Durations { get; } = [];

    public double SuccessRate => Tasks == 0 ? 0 : Successes / (double)Tasks;

    public double CostPerTask => Tasks == 0 ? 0 : Cost / Tasks;
}
