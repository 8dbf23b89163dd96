using Alpha.Learning.Analysis;
using Alpha.Learning.Storage;

using BenchmarkDotNet.Attributes;

using Microsoft.Data.Sqlite;

namespace Alpha.Learning.Benchmarks.Storage;

/// <summary>
/// Upsert of 10,000 patterns (every one already stored: the next-cycle case) into a file-backed store, with the
/// per-cycle history row of each. Each iteration starts from a new store holding the 10,000 patterns.
/// Target (issue 4): under 0.2 s.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(1)]
public class StorePatternsBenchmarks
{
    private static readonly PatternType[] BuiltInPatternTypes =
    [
        PatternType.RecurringError, PatternType.SlowOperation, PatternType.InefficientToolChain,
        PatternType.HighCostOperation, PatternType.SuccessfulPattern, PatternType.TimeoutPattern,
    ];

    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);
    private string _folder = string.Empty;
    private SqliteLearningStore _store = null!;
    private LogPattern[] _patterns = [];

    [Params(10_000)]
    public int Patterns { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _patterns = Enumerable.Range(0, Patterns).Select(i => new LogPattern
        {
            Type = BuiltInPatternTypes[i % 6],
            Subject = LogPattern.TaskSubject,
            Key = "task_" + i,
            Description = "task_" + i + " is slow",
            Occurrences = i,
            ImpactScore = (i % 100) / 100.0,
            FirstSeen = T0,
            LastSeen = T0.AddHours(1),
            Examples = ["Timeout after 30s calling search API", "Timeout after 31s calling search API"],
            Metadata = new Dictionary<string, object> { ["subject"] = "task", ["count"] = (long)i, ["p95"] = 12.5 },
        }).ToArray();
    }

    /// <summary>A new store already holding every pattern (stored by cycle 1).</summary>
    [IterationSetup]
    public void CreateStore()
    {
        _folder = Path.Combine(Path.GetTempPath(), "alpha-bench-" + Guid.NewGuid().ToString("N"));
        _store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = Path.Combine(_folder, "bench.db") });
        _store.StorePatternsAsync(_patterns, 1, T0).GetAwaiter().GetResult();
    }

    [IterationCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Upserts every pattern (one transaction) and records a history row for a new cycle.</summary>
    [Benchmark(Baseline = true)]
    public Task<int> UpsertPatterns() => _store.StorePatternsAsync(_patterns, 2, T0.AddDays(1));
}
