using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;
using Alpha.Learning.Storage;

using BenchmarkDotNet.Attributes;

using Microsoft.Data.Sqlite;

namespace Alpha.Learning.Benchmarks.Storage;

/// <summary>The hot reads of a cycle on a store holding 10,000 patterns, 5,000 improvements and 20,000 path changes.</summary>
[MemoryDiagnoser]
public class StoreQueryBenchmarks
{
    private static readonly PatternType[] BuiltInPatternTypes =
    [
        PatternType.RecurringError, PatternType.SlowOperation, PatternType.InefficientToolChain,
        PatternType.HighCostOperation, PatternType.SuccessfulPattern, PatternType.TimeoutPattern,
    ];

    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);
    private string _folder = string.Empty;
    private SqliteLearningStore _store = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "alpha-bench-" + Guid.NewGuid().ToString("N"));
        _store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = Path.Combine(_folder, "bench.db") });
        _store.StorePatternsAsync(
            Enumerable.Range(0, 10_000).Select(i => new LogPattern
            {
                Type = BuiltInPatternTypes[i % 6], Subject = "task", Key = "task_" + i, Description = "d", Occurrences = i,
                ImpactScore = (i % 100) / 100.0, FirstSeen = T0, LastSeen = T0,
            }),
            1,
            T0).GetAwaiter().GetResult();
        _store.StoreImprovementsAsync(Enumerable.Range(0, 5_000).Select(i => new ImprovementRecord
        {
            Id = ImprovementRecord.NewId(), RecommendationId = "r" + i, PatternFingerprint = "f", PatternType = PatternType.TimeoutPattern,
            Title = "t", ActionType = ActionType.ConfigUpdate, Status = (ImprovementStatus)(i % 10), CreatedAt = T0.AddMinutes(-i),
        })).GetAwaiter().GetResult();
        _store.RecordPathChangesAsync(Enumerable.Range(0, 20_000).Select(i => new PathChange
        {
            Path = "tasks.timeouts.task_" + (i % 500), OldValue = (long)i, NewValue = (long)i + 1, ImprovementId = "i", At = T0.AddMinutes(-i),
        })).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Patterns of one type above an impact, highest first.</summary>
    [Benchmark(Baseline = true)]
    public Task<IReadOnlyList<StoredPattern>> PatternsByTypeAndImpact() => _store.GetPatternsAsync(PatternType.TimeoutPattern, 0.5, 50);

    /// <summary>Improvements waiting for approval, newest first.</summary>
    [Benchmark]
    public Task<IReadOnlyList<ImprovementRecord>> ImprovementsByStatus() => _store.GetImprovementsAsync(ImprovementStatus.PendingApproval, null, 50);

    /// <summary>Changes of one path in the last 24 hours (cooldown check).</summary>
    [Benchmark]
    public Task<IReadOnlyList<PathChange>> PathChangesLast24Hours() => _store.GetPathChangesAsync("tasks.timeouts.task_7", T0.AddHours(-24));

    /// <summary>The quota count of a day.</summary>
    [Benchmark]
    public Task<long> AppliedToday() => _store.CountAppliedInWindowAsync(T0.AddDays(-1), T0);
}
