namespace Alpha.Learning.Improvements;

/// <summary>The state of the improvements as <see cref="ImprovementExecutor.GetStatisticsAsync"/> reports it.</summary>
public sealed class ExecutorStatistics
{
    /// <summary>Gets the number of improvements per status (every status present, zero when none).</summary>
    public required IReadOnlyDictionary<ImprovementStatus, long> ByStatus { get; init; }

    /// <summary>Gets the number of improvements stored.</summary>
    public long Total { get; init; }

    /// <summary>Gets how many improvements count against today's quota (applying, applied or rolled back today).</summary>
    public long AppliedToday { get; init; }

    /// <summary>Gets the daily quota (<see cref="ImprovementExecutorOptions.MaxDailyImprovements"/>).</summary>
    public int DailyQuota { get; init; }

    /// <summary>Gets how many more improvements may be applied automatically today.</summary>
    public long RemainingToday { get; init; }

    /// <summary>Gets when the latest applied improvement (still applied or rolled back since) was applied, or <see langword="null"/>.</summary>
    public DateTimeOffset? LastAppliedAt { get; init; }

    /// <summary>Gets the start of today's quota day.</summary>
    public DateTimeOffset QuotaDayStart { get; init; }

    /// <summary>Gets the end of today's quota day (exclusive).</summary>
    public DateTimeOffset QuotaDayEnd { get; init; }
}
