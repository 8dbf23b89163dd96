using System.Globalization;
using System.Text;

namespace Alpha.Learning.Tests.Loop;

/// <summary>The figures of one simulation.</summary>
internal sealed class SimulationFigures
{
    public int Days { get; set; }

    public int Cycles { get; set; }

    public int Failed { get; set; }

    public int Applied { get; set; }

    public int RefusedByGuardrails { get; set; }

    public int QuotaRefusals { get; set; }

    public int PendingApproval { get; set; }

    public int FrozenProposals { get; set; }

    public int FrozenPaths { get; set; }

    public int RolledBack { get; set; }

    public int RollbackProposed { get; set; }

    public int DropsToManual { get; set; }

    public int ManualCycles { get; set; }

    public int MaxConsecutiveRollbacksSeen { get; set; }

    public long EventsAdded { get; set; }

    public int InvariantChecks { get; set; }

    public TimeSpan Runtime { get; set; }

    public SortedDictionary<string, int> Refusals { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, int> Verdicts { get; } = new(StringComparer.Ordinal);

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"days {Days}, cycles {Cycles} (failed {Failed}, in Manual {ManualCycles}), events {EventsAdded}, runtime {Runtime.TotalSeconds:0.0} s, invariant checks {InvariantChecks}\n");
        text.Append(CultureInfo.InvariantCulture, $"applied {Applied}, refused by guardrails {RefusedByGuardrails}, refused by the daily quota {QuotaRefusals}, pending approval {PendingApproval} (frozen by oscillation {FrozenProposals}), frozen paths {FrozenPaths}\n");
        text.Append(CultureInfo.InvariantCulture, $"rolled back {RolledBack}, rollbacks proposed in Manual {RollbackProposed}, drops to Manual {DropsToManual}, most consecutive automatic rollbacks {MaxConsecutiveRollbacksSeen}\n");
        text.Append("refusals: ").AppendJoin(", ", Refusals.Select(r => $"{r.Key} {r.Value}")).Append('\n');
        text.Append("verdicts: ").AppendJoin(", ", Verdicts.Select(r => $"{r.Key} {r.Value}"));
        return text.ToString();
    }
}
