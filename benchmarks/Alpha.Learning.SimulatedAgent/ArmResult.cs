namespace Alpha.Learning.SimulatedAgent;

/// <summary>What one arm did over the run.</summary>
public sealed class ArmResult
{
    public required SimulationArm Arm { get; init; }

    public List<WeekFigures> Weeks { get; } = [];

    public List<HarmfulChange> Harmful { get; } = [];

    public int BeneficialRolledBack { get; set; }

    public int ConfigViolations { get; set; }

    public int Applied => Weeks.Sum(w => w.Applied);

    public int RolledBack => Weeks.Sum(w => w.RolledBack);

    public int LastDay { get; set; }

    /// <summary>The success rate over the weeks after the first (the first week is the same for every arm).</summary>
    public double SuccessAfterFirstWeek
    {
        get
        {
            var later = Weeks.Skip(1).ToList();
            var tasks = later.Sum(w => w.Tasks);
            return tasks == 0 ? 0 : later.Sum(w => w.Successes) / (double)tasks;
        }
    }

    public double CostPerTaskAfterFirstWeek
    {
        get
        {
            var later = Weeks.Skip(1).ToList();
            var tasks = later.Sum(w => w.Tasks);
            return tasks == 0 ? 0 : later.Sum(w => w.Cost) / tasks;
        }
    }
}
