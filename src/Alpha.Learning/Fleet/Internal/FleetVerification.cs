using Alpha.Learning.Loop.Internal;

using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Fleet.Internal;

/// <summary>
/// Verification on the fleet's traffic: the leader judges an applied change on the merged measures of every live
/// instance (task runs in scope and outside it, before and after the change: counts add exactly, cost and duration
/// samples merge in proportion to their populations), not on its own logs alone. Only measures taken over the same
/// windows as the leader's are added (an instance that reported before a later change in scope cut the windows is left
/// out until it reports again).
/// </summary>
internal static class FleetVerification
{
    /// <summary>Replaces <paramref name="target"/>'s outcomes by the fleet's, and returns the sentence the verdict's details start with.</summary>
    public static string Apply(OutcomeTarget target, FleetMerge merge)
    {
        if (!merge.Outcomes.TryGetValue(target.Improvement.Id, out var measures) || measures.Count == 0)
        {
            return "Fleet: no live instance has measured this change yet, so it is judged on this instance's logs only.";
        }

        var same = measures.Where(m => m.Outcome.SameWindows(target)).ToList();
        if (same.Count == 0)
        {
            return Inv($"Fleet: the {measures.Count} instance(s) that measured this change used other windows (they reported before a later change in scope), so it is judged on this instance's logs only.");
        }

        target.Before.ReplaceWith(ScopeOutcomes.Merge([.. same.Select(m => m.Outcome.Before)], 17));
        target.After.ReplaceWith(ScopeOutcomes.Merge([.. same.Select(m => m.Outcome.After)], 31));
        target.OutsideBefore.ReplaceWith(ScopeOutcomes.Merge([.. same.Select(m => m.Outcome.OutsideBefore)], 43));
        target.OutsideAfter.ReplaceWith(ScopeOutcomes.Merge([.. same.Select(m => m.Outcome.OutsideAfter)], 59));
        var left = measures.Count - same.Count;
        return Inv($"Fleet: judged on the merged outcomes of {same.Count} instance(s) ({string.Join(", ", same.Select(m => m.Instance))})")
            + (left > 0 ? Inv($"; {left} instance(s) measured it over other windows (before a later change in scope) and were left out.") : ".");
    }
}
