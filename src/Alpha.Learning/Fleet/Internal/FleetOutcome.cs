using Alpha.Learning.Loop.Internal;

namespace Alpha.Learning.Fleet.Internal;

/// <summary>
/// One instance's measure of one applied improvement on its own logs: the task runs in the change's scope and outside
/// it, before and after the change, over the windows the instance computed from the store's changes. The leader merges
/// the measures whose windows equal its own, so the change is judged on the traffic of the whole fleet.
/// </summary>
internal sealed class FleetOutcome
{
    public required string ImprovementId { get; init; }

    public required DateTimeOffset Split { get; init; }

    public DateTimeOffset? BeforeFrom { get; init; }

    public DateTimeOffset? AfterTo { get; init; }

    public IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> Excluded { get; init; } = [];

    public required ScopeOutcomes Before { get; init; }

    public required ScopeOutcomes After { get; init; }

    public required ScopeOutcomes OutsideBefore { get; init; }

    public required ScopeOutcomes OutsideAfter { get; init; }

    public static FleetOutcome From(OutcomeTarget target) => new()
    {
        ImprovementId = target.Improvement.Id,
        Split = target.Split,
        BeforeFrom = target.BeforeFrom,
        AfterTo = target.AfterTo,
        Excluded = target.Excluded,
        Before = target.Before,
        After = target.After,
        OutsideBefore = target.OutsideBefore,
        OutsideAfter = target.OutsideAfter,
    };

    /// <summary>Whether this measure used the same windows as <paramref name="target"/> (only then may the two be added).</summary>
    public bool SameWindows(OutcomeTarget target) =>
        Split == target.Split && BeforeFrom == target.BeforeFrom && AfterTo == target.AfterTo && Excluded.SequenceEqual(target.Excluded);
}
