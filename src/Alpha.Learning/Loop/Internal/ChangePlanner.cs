using System.Globalization;

using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;

namespace Alpha.Learning.Loop.Internal;

/// <summary>
/// Decides, within one cycle, the order in which recommendations are taken (safe before risky, then by expected
/// benefit on outcomes discounted by confidence) and which are held back: a change whose scope overlaps one applied
/// this cycle or one still awaiting its verdict (so every verdict sees one change), and a change that was rolled back
/// before and has no new evidence (whatever its age: the loop's memory is the store, not a history window).
/// </summary>
internal sealed class ChangePlanner
{
    private readonly FeedbackLoopOptions _options;
    private readonly List<(ImprovementRecord Record, RecommendationScope Scope)> _awaiting;
    private readonly Dictionary<string, ImprovementRecord> _rolledBack;
    private readonly List<RecommendationScope> _appliedThisCycle = [];

    private ChangePlanner(FeedbackLoopOptions options, List<(ImprovementRecord, RecommendationScope)> awaiting, Dictionary<string, ImprovementRecord> rolledBack)
    {
        _options = options;
        _awaiting = awaiting;
        _rolledBack = rolledBack;
    }

    public static async Task<ChangePlanner> CreateAsync(IImprovementStore store, FeedbackLoopOptions options, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var awaiting = new List<(ImprovementRecord, RecommendationScope)>();
        foreach (var record in await store.GetImprovementsAsync(ImprovementStatus.Applied, null, 500, cancellationToken).ConfigureAwait(false))
        {
            if (record.Verdict is VerificationVerdict.None or VerificationVerdict.InsufficientData)
            {
                awaiting.Add((record, await ScopeMemory.LoadAsync(store, record, cancellationToken).ConfigureAwait(false)));
            }
        }

        // The latest rollback of each recommendation, however old.
        var rolledBack = new Dictionary<string, ImprovementRecord>(StringComparer.Ordinal);
        foreach (var record in await store.GetImprovementsAsync(ImprovementStatus.RolledBack, null, 100_000, cancellationToken).ConfigureAwait(false))
        {
            if (!rolledBack.TryGetValue(record.RecommendationId, out var seen) || (record.RolledBackAt ?? DateTimeOffset.MinValue) > (seen.RolledBackAt ?? DateTimeOffset.MinValue))
            {
                rolledBack[record.RecommendationId] = record;
            }
        }

        _ = now;
        return new ChangePlanner(options, awaiting, rolledBack);
    }

    /// <summary>The expected benefit in tasks per week: tasks saved plus dollars saved (at <see cref="FeedbackLoopOptions.UsdPerTask"/>), times confidence.</summary>
    public double Benefit(ImprovementRecommendation recommendation, double confidence) =>
        Math.Round((recommendation.TasksSavedPerWeek + (recommendation.UsdSavedPerWeek / _options.UsdPerTask)) * confidence, 4);

    /// <summary>Orders the recommendations: changes before advice, safe before risky, then by expected benefit (highest first), then as analysed.</summary>
    public IEnumerable<(ImprovementRecommendation Recommendation, double Benefit)> Order(IReadOnlyList<ImprovementRecommendation> recommendations, Func<ImprovementRecommendation, double> confidence) =>
        recommendations
            .Select((r, i) => (Recommendation: r, Benefit: Benefit(r, confidence(r)), Index: i))
            .OrderBy(x => x.Recommendation.IsAdvisory)
            .ThenBy(x => x.Recommendation.Risk == RiskLevel.Risky)
            .ThenByDescending(x => x.Benefit)
            .ThenBy(x => x.Index)
            .Select(x => (x.Recommendation, x.Benefit))
            .ToList();

    /// <summary>Records a change applied in this cycle.</summary>
    public void Applied(ImprovementRecommendation recommendation) => _appliedThisCycle.Add(recommendation.Scope);

    /// <summary>Returns why a recommendation must not be applied now, or <see langword="null"/> when it may be.</summary>
    public string? HoldBack(ImprovementRecommendation recommendation, IReadOnlyList<LogPattern> patterns, FeedbackLoopMode mode)
    {
        if (recommendation.IsAdvisory)
        {
            return null;
        }

        if (Remembered(recommendation, patterns) is { } rolledBack)
        {
            return rolledBack; // neither applied nor queued again: a person who wants it applies it by hand
        }

        var wouldApply = mode == FeedbackLoopMode.FullAuto || (mode == FeedbackLoopMode.SemiAuto && recommendation.Risk == RiskLevel.Safe);
        if (!wouldApply)
        {
            return null;
        }

        foreach (var scope in _appliedThisCycle)
        {
            if (recommendation.Scope.Overlaps(scope))
            {
                return $"Its scope ({Describe(recommendation.Scope)}) overlaps a change applied in this cycle ({Describe(scope)}); it waits for a later cycle, so each verdict sees one change.";
            }
        }

        foreach (var (record, scope) in _awaiting)
        {
            if (record.RecommendationId != recommendation.Id && recommendation.Scope.Overlaps(scope))
            {
                return $"Its scope ({Describe(recommendation.Scope)}) overlaps the improvement {record.Id} ('{record.Title}'), which awaits its verdict; it waits until that verdict, so each verdict sees one change.";
            }
        }

        return null;
    }

    private string? Remembered(ImprovementRecommendation recommendation, IReadOnlyList<LogPattern> patterns)
    {
        if (_rolledBack.TryGetValue(recommendation.Id, out var earlier))
        {
            var at = (earlier.RolledBackAt ?? earlier.StatusChangedAt ?? earlier.CreatedAt).ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
            if (earlier.Verdict == VerificationVerdict.Regressed)
            {
                return $"The same change ({earlier.Id}) was rolled back on {at} because it made the outcomes in its scope worse; it is not applied again automatically (a person may apply it).";
            }

            var pattern = patterns.FirstOrDefault(p => p.Fingerprint == recommendation.PatternFingerprint);
            var fresh = pattern is not null && earlier.RolledBackAt is { } back && pattern.FirstSeen > back && pattern.Occurrences >= _options.ReapplyMinNewOccurrences;
            if (!fresh)
            {
                return FormattableString.Invariant(
                    $"The same change ({earlier.Id}) was rolled back on {at}; it is re-applied only on new evidence: at least {_options.ReapplyMinNewOccurrences} occurrences of its pattern, all after the rollback (seen: {pattern?.Occurrences ?? 0} since {pattern?.FirstSeen.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "never"}).");
            }
        }

        return null;
    }

    private static string Describe(RecommendationScope scope) => scope.IsEmpty ? "every task" : scope.ToString();
}
