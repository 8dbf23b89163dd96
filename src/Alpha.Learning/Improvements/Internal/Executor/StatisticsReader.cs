namespace Alpha.Learning.Improvements.Internal.Executor;

/// <summary>The executor's counts by status, today's quota use and the last apply.</summary>
internal sealed class StatisticsReader(ExecutorContext context, QuotaCalendar calendar)
{
    public async Task<ExecutorStatistics> ReadAsync(CancellationToken cancellationToken)
    {
        var counts = await context.Store.CountImprovementsByStatusAsync(cancellationToken).ConfigureAwait(false);
        var byStatus = Enum.GetValues<ImprovementStatus>().ToDictionary(s => s, s => counts.TryGetValue(s, out var n) ? n : 0);
        var (start, end) = calendar.Day(context.Now);
        var today = await context.Store.CountAppliedInWindowAsync(start, end, cancellationToken).ConfigureAwait(false);
        DateTimeOffset? last = null;
        foreach (var status in new[] { ImprovementStatus.Applied, ImprovementStatus.RolledBack })
        {
            var records = await context.Store.GetImprovementsAsync(status, null, ExecutorContext.ListLimit, cancellationToken).ConfigureAwait(false);
            var latest = records.Max(r => r.AppliedAt);
            if (latest > last || last is null)
            {
                last = latest;
            }
        }

        var quota = context.Options.MaxDailyImprovements;
        return new ExecutorStatistics
        {
            ByStatus = byStatus,
            Total = counts.Values.Sum(),
            AppliedToday = today,
            DailyQuota = quota,
            RemainingToday = Math.Max(0, quota - today),
            LastAppliedAt = last,
            QuotaDayStart = start,
            QuotaDayEnd = end,
        };
    }
}
