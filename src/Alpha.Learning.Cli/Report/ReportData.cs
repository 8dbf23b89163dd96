using Alpha.Learning.Improvements;
using Alpha.Learning.Loop;
using Alpha.Learning.Storage;

namespace Alpha.Learning.Cli.Report;

/// <summary>Everything the HTML report shows, read from a learning store in one go.</summary>
internal sealed class ReportData
{
    /// <summary>How many patterns get a chart of their own.</summary>
    public const int TopPatterns = 8;

    /// <summary>How many improvements the table lists.</summary>
    public const int MaxImprovements = 200;

    /// <summary>How many values of one metric name are read at most (the newest are kept when there are more).</summary>
    public const int MaxMetricsPerName = 200_000;

    private const int MetricPage = 10_000;

    public required DateTimeOffset GeneratedAt { get; init; }

    public required string DatabaseName { get; init; }

    /// <summary>The start of the window (<c>--days</c>), or <see langword="null"/> for everything.</summary>
    public DateTimeOffset? Since { get; init; }

    public LearningStoreStatistics Statistics { get; init; } = new();

    public long CycleCount { get; init; }

    public CycleRun? LastCycle { get; init; }

    public IReadOnlyList<PatternTrend> Patterns { get; init; } = [];

    public IReadOnlyList<ImprovementRow> Improvements { get; init; } = [];

    public IReadOnlyList<SuccessMetric> Metrics { get; init; } = [];

    public IReadOnlyList<Correlation> Correlations { get; init; } = [];

    /// <summary>Gets the alerts on baseline-relative findings (firing first, then the most recently sent).</summary>
    public IReadOnlyList<Alpha.Learning.Alerts.AlertState> Alerts { get; init; } = [];

    /// <summary>Whether the store holds nothing at all (a friendly page instead of empty charts).</summary>
    public bool IsEmpty =>
        Statistics.TotalPatterns == 0 && Statistics.TotalImprovements == 0 && Statistics.TotalMetrics == 0
        && Statistics.TotalCorrelations == 0 && CycleCount == 0 && Alerts.Count == 0;

    /// <summary>A report of nothing: the store file is empty.</summary>
    public static ReportData Empty(string databaseName, DateTimeOffset now, DateTimeOffset? since) =>
        new() { GeneratedAt = now, DatabaseName = databaseName, Since = since };

    /// <summary>Reads what the report needs from <paramref name="store"/>.</summary>
    public static async Task<ReportData> LoadAsync(ILearningStore store, string databaseName, DateTimeOffset now, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        var statistics = await store.GetStatisticsAsync(cancellationToken).ConfigureAwait(false);
        var cycleCount = await store.GetCycleCountAsync(cancellationToken).ConfigureAwait(false);
        var lastCycle = await store.GetLastCycleAsync(cancellationToken).ConfigureAwait(false);

        // The patterns with the most impact among those seen in the window, each with its history in the window.
        var patterns = new List<PatternTrend>();
        foreach (var pattern in await store.GetPatternsAsync(limit: 500, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (patterns.Count == TopPatterns)
            {
                break;
            }

            if (since is { } s && pattern.LastSeen < s && pattern.UpdatedAt < s)
            {
                continue;
            }

            var history = await store.GetPatternHistoryAsync(pattern.Fingerprint, cancellationToken).ConfigureAwait(false);
            patterns.Add(new PatternTrend(pattern, since is { } from ? [.. history.Where(h => h.RecordedAt >= from)] : history));
        }

        var improvements = new List<ImprovementRow>();
        foreach (var improvement in await store.GetImprovementsAsync(limit: MaxImprovements, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (since is { } s && Latest(improvement) < s)
            {
                continue;
            }

            var verifications = await store.GetVerificationsAsync(improvement.Id, cancellationToken).ConfigureAwait(false);
            improvements.Add(new ImprovementRow(improvement, verifications));
        }

        var metrics = new List<SuccessMetric>();
        foreach (var name in statistics.MetricsByName.Keys.Order(StringComparer.Ordinal))
        {
            metrics.AddRange(await ReadMetricsAsync(store, name, since, cancellationToken).ConfigureAwait(false));
        }

        var correlations = await store.GetCorrelationsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var alerts = store is Alpha.Learning.Alerts.IAlertStateStore alertStore
            ? await alertStore.GetAlertStatesAsync(includeResolved: true, limit: 100, cancellationToken).ConfigureAwait(false)
            : [];
        return new ReportData
        {
            GeneratedAt = now,
            DatabaseName = databaseName,
            Since = since,
            Statistics = statistics,
            CycleCount = cycleCount,
            LastCycle = lastCycle,
            Patterns = patterns,
            Improvements = improvements,
            Metrics = metrics,
            Correlations = [.. correlations.Where(c => since is null || c.CreatedAt >= since).Take(20)],
            Alerts = [.. alerts.Where(a => since is null || a.LastSeenAt >= since)],
        };
    }

    // The store returns values oldest first, at most a page at a time: read page after page from the last instant seen,
    // skipping the values at that instant already read (the order, by instant then id, is stable).
    private static async Task<IReadOnlyList<SuccessMetric>> ReadMetricsAsync(ILearningStore store, string name, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        var values = new List<SuccessMetric>();
        var from = since;
        var skip = 0;
        while (true)
        {
            var page = await store.GetMetricsAsync(name, since: from, limit: MetricPage, cancellationToken: cancellationToken).ConfigureAwait(false);
            values.AddRange(page.Skip(skip));
            if (page.Count < MetricPage)
            {
                break;
            }

            var last = page[^1].Timestamp;
            if (last == from)
            {
                break; // a whole page at one instant: nothing later can be reached this way
            }

            from = last;
            skip = page.Count(m => m.Timestamp == last);
            if (values.Count > MaxMetricsPerName * 2)
            {
                values.RemoveRange(0, values.Count - MaxMetricsPerName);
            }
        }

        return values.Count > MaxMetricsPerName ? values[^MaxMetricsPerName..] : values;
    }

    private static DateTimeOffset Latest(ImprovementRecord r)
    {
        var latest = r.CreatedAt;
        foreach (var at in new[] { r.AppliedAt, r.RolledBackAt, r.StatusChangedAt })
        {
            if (at is { } value && value > latest)
            {
                latest = value;
            }
        }

        return latest;
    }
}
