using Alpha.Learning.Analysis;

namespace Alpha.Learning.Loop.Internal;

/// <summary>
/// The windows one change is judged on, so that it is never credited (or charged) with another change's effect. For
/// every other change whose scope overlaps: one still in effect cuts the windows (the before-window starts at it when
/// it came earlier, the after-window ends at it when it came later); one that was rolled back is left out of both
/// windows for the time it was in effect, so both compare runs without it (a change rolled back in the cycle this one
/// was applied in neither credits this one with its removal nor empties its after-window).
/// </summary>
internal static class OutcomeWindows
{
    public static (DateTimeOffset? From, DateTimeOffset? To, IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> Excluded) For(
        string id, DateTimeOffset split, RecommendationScope scope, IEnumerable<ScopedChange> others)
    {
        DateTimeOffset? from = null, to = null;
        var excluded = new List<(DateTimeOffset, DateTimeOffset)>();
        foreach (var other in others)
        {
            if (other.Id == id || !scope.Overlaps(other.Scope))
            {
                continue;
            }

            if (other.RolledBackAt is { } back)
            {
                if (back > other.AppliedAt)
                {
                    excluded.Add((other.AppliedAt, back));
                }
            }
            else if (other.AppliedAt <= split)
            {
                from = from is { } f && f > other.AppliedAt ? f : other.AppliedAt;
            }
            else
            {
                to = to is { } t && t < other.AppliedAt ? t : other.AppliedAt;
            }
        }

        return (from, to, excluded);
    }
}
