namespace Alpha.Learning.SimulatedAgent;

/// <summary>One simulated week of one arm.</summary>
public sealed class WeekFigures
{
    public int Week { get; init; }

    public long Tasks { get; set; }

    public long Successes { get; set; }

    public double Cost { get; set; }

    public List<double> Durations { get; } = [];

    public double SuccessRate => Tasks == 0 ? 0 : Successes / (double)Tasks;

    public double CostPerTask => Tasks == 0 ? 0 : Cost / Tasks;

    public double P95Duration
    {
        get
        {
            if (Durations.Count == 0)
            {
                return 0;
            }

            var sorted = Durations.ToArray();
            Array.Sort(sorted);
            return sorted[(int)Math.Min(sorted.Length - 1, Math.Ceiling(0.95 * sorted.Length) - 1)];
        }
    }

    public int Applied { get; set; }

    public int RolledBack { get; set; }

    public int Verified { get; set; }

    public List<string> Events { get; } = [];
}
