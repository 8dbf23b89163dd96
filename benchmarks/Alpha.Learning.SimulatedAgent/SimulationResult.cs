using System.Globalization;
using System.Text;

namespace Alpha.Learning.SimulatedAgent;

/// <summary>Every arm on one world, with the comparison the targets ask for.</summary>
public sealed class SimulationResult
{
    public required WorldSpec Spec { get; init; }

    public Dictionary<SimulationArm, ArmResult> Arms { get; } = [];

    /// <summary>The share of the reference arm's success gain over loop-off that <paramref name="arm"/> reaches.</summary>
    public double ShareOfReferenceGain(SimulationArm arm)
    {
        var off = Arms[SimulationArm.LoopOff].SuccessAfterFirstWeek;
        var reference = Arms[SimulationArm.Reference].SuccessAfterFirstWeek - off;
        return reference <= 0 ? 0 : (Arms[arm].SuccessAfterFirstWeek - off) / reference;
    }

    /// <summary>The weeks after the first in which <paramref name="arm"/>'s success rate is below loop-off's by more than <paramref name="tolerance"/>.</summary>
    public IReadOnlyList<int> WeeksWorseThanLoopOff(SimulationArm arm, double tolerance = 0.0)
    {
        var off = Arms[SimulationArm.LoopOff].Weeks;
        return [.. Arms[arm].Weeks.Skip(1).Where(w => w.SuccessRate < off[w.Week - 1].SuccessRate - tolerance).Select(w => w.Week)];
    }

    /// <summary>The header of <see cref="SummaryRow"/>'s table (one row per world).</summary>
    public const string SummaryHeader =
        "| world seed | loop off | reference | Manual share | SemiAuto share | FullAuto share | weeks worse than loop off (Semi/Full) | harmful change stayed, days (Manual/Semi/Full) | beneficial rolled back (Manual/Semi/Full) | config violations |\n"
        + "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n";

    /// <summary>One row of the many-worlds table: success after week 1 and the targets' figures per arm.</summary>
    public string SummaryRow()
    {
        var inv = CultureInfo.InvariantCulture;
        string Harm(SimulationArm arm) => Arms[arm].Harmful.Count == 0 ? "–" : string.Join(",", Arms[arm].Harmful.Select(h => h.DaysStayed(Arms[arm].LastDay).ToString(inv)));
        var loops = new[] { SimulationArm.Manual, SimulationArm.SemiAuto, SimulationArm.FullAuto };
        return string.Create(inv, $"| {Spec.Seed} | {Arms[SimulationArm.LoopOff].SuccessAfterFirstWeek:P2} | {Arms[SimulationArm.Reference].SuccessAfterFirstWeek:P2} | {ShareOfReferenceGain(SimulationArm.Manual):P0} | {ShareOfReferenceGain(SimulationArm.SemiAuto):P0} | {ShareOfReferenceGain(SimulationArm.FullAuto):P0} | {WeeksWorseThanLoopOff(SimulationArm.SemiAuto).Count}/{WeeksWorseThanLoopOff(SimulationArm.FullAuto).Count} | {Harm(SimulationArm.Manual)}/{Harm(SimulationArm.SemiAuto)}/{Harm(SimulationArm.FullAuto)} | {Arms[SimulationArm.Manual].BeneficialRolledBack}/{Arms[SimulationArm.SemiAuto].BeneficialRolledBack}/{Arms[SimulationArm.FullAuto].BeneficialRolledBack} | {loops.Sum(a => Arms[a].ConfigViolations)} |\n");
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.Append(inv, $"World seed {Spec.Seed}: task types {Spec.RoutedTask}, {Spec.TimeoutTask}, {Spec.RetryTask}, {Spec.OutageTask}, {Spec.FlakyTask}, {Spec.DedupeTask}; {Spec.TasksPerTypePerDay} runs of each a day.\n\n");
        text.Append("| arm | success (weeks 2+) | gain vs loop off | share of reference gain | cost/task | applied | rollbacks | harmful changes (days stayed) | beneficial rolled back | config violations |\n");
        text.Append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        var off = Arms.TryGetValue(SimulationArm.LoopOff, out var o) ? o.SuccessAfterFirstWeek : 0;
        foreach (var (arm, r) in Arms)
        {
            var harm = r.Harmful.Count == 0 ? "0" : string.Join("; ", r.Harmful.Select(h => string.Create(inv, $"{h.Change} ({h.DaysStayed(r.LastDay)} d)")));
            var share = Arms.ContainsKey(SimulationArm.Reference) && Arms.ContainsKey(SimulationArm.LoopOff) ? ShareOfReferenceGain(arm).ToString("P0", inv) : "-";
            text.Append(inv, $"| {arm} | {r.SuccessAfterFirstWeek:P2} | {(r.SuccessAfterFirstWeek - off) * 100:+0.00;-0.00} pts | {share} | ${r.CostPerTaskAfterFirstWeek:0.00000} | {r.Applied} | {r.RolledBack} | {harm} | {r.BeneficialRolledBack} | {r.ConfigViolations} |\n");
        }

        foreach (var (arm, r) in Arms)
        {
            text.Append(inv, $"\n### {arm}\n\n| week | success | cost/task | p95 task duration | applied | verified | rolled back | what happened |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n");
            foreach (var w in r.Weeks)
            {
                text.Append(inv, $"| {w.Week} | {w.SuccessRate:P2} | ${w.CostPerTask:0.00000} | {w.P95Duration:0.0} s | {w.Applied} | {w.Verified} | {w.RolledBack} | {string.Join("; ", w.Events).Replace("|", "/", StringComparison.Ordinal)} |\n");
            }
        }

        return text.ToString();
    }
}
