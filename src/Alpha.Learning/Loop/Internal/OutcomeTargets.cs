using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;
using Alpha.Learning.Logs;

namespace Alpha.Learning.Loop.Internal;

/// <summary>
/// Which applied improvements wait for a verdict, and the <see cref="OutcomeTarget"/> each is judged on (its windows cut
/// at the other changes in scope). Shared by the verification step and by every fleet instance, which measures the same
/// targets on its own logs for the leader to merge.
/// </summary>
internal static class OutcomeTargets
{
    /// <summary>The applied improvements still without a final verdict, other than <paramref name="exclude"/>.</summary>
    public static async Task<List<ImprovementRecord>> WaitingAsync(IImprovementStore store, IReadOnlySet<string> exclude, CancellationToken cancellationToken)
    {
        var applied = await store.GetImprovementsAsync(ImprovementStatus.Applied, null, 500, cancellationToken).ConfigureAwait(false);
        return [.. applied.Where(r => !exclude.Contains(r.Id) && r.AppliedAt is not null && r.Verdict is VerificationVerdict.None or VerificationVerdict.InsufficientData)];
    }

    /// <summary>
    /// The targets of <paramref name="judged"/>: every change (applied or rolled back) in the store with its scope, and
    /// each judged one's windows cut at the nearest other change whose scope overlaps. <c>scopes</c> holds the scopes
    /// already loaded, by improvement id (a scope never changes once stored), or is <see langword="null"/>.
    /// </summary>
    public static async Task<List<OutcomeTarget>> BuildAsync(
        IImprovementStore store, IReadOnlyList<ImprovementRecord> judged, DateTimeOffset fallbackSplit, Dictionary<string, RecommendationScope>? scopes, CancellationToken cancellationToken)
    {
        var targets = new List<OutcomeTarget>();
        if (judged.Count == 0)
        {
            return targets;
        }

        async Task<RecommendationScope> ScopeAsync(ImprovementRecord record)
        {
            if (scopes is not null && scopes.TryGetValue(record.Id, out var known))
            {
                return known;
            }

            var scope = await ScopeMemory.LoadAsync(store, record, cancellationToken).ConfigureAwait(false);
            scopes?.TryAdd(record.Id, scope);
            return scope;
        }

        var changes = new List<ScopedChange>();
        foreach (var record in await store.GetImprovementsAsync(null, null, 2000, cancellationToken).ConfigureAwait(false))
        {
            if (record.AppliedAt is { } appliedAt)
            {
                changes.Add(new ScopedChange(record.Id, await ScopeAsync(record).ConfigureAwait(false), appliedAt, record.RolledBackAt));
            }
        }

        foreach (var record in judged)
        {
            var split = record.AppliedAt ?? fallbackSplit;
            var scope = await ScopeAsync(record).ConfigureAwait(false);
            var (from, to, excluded) = OutcomeWindows.For(record.Id, split, scope, changes);
            targets.Add(new OutcomeTarget(record, scope, split, from, to, excluded));
        }

        return targets;
    }

    /// <summary>
    /// The read for verification: the analysis window, widened back to one analysis window before the oldest change
    /// being judged (bounded by what the logs still hold), so the runs after a change accumulate until its deadline.
    /// </summary>
    public static LogQuery Widen(LogQuery query, IReadOnlyList<OutcomeTarget> targets, int analysisWindowDays)
    {
        if (query.From is not { } from || targets.Count == 0)
        {
            return query;
        }

        var earliest = targets.Min(t => t.Split).AddDays(-analysisWindowDays);
        return earliest < from ? new LogQuery { Paths = query.Paths, From = earliest, To = query.To } : query;
    }
}
