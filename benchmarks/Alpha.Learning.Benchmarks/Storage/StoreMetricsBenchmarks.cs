using Alpha.Learning.Loop;
using Alpha.Learning.Storage;

using BenchmarkDotNet.Attributes;

using Microsoft.Data.Sqlite;

namespace Alpha.Learning.Benchmarks.Storage;

/// <summary>
/// Batched inserts of success metrics into a new file-backed store (WAL, synchronous=NORMAL) each iteration.
/// Target (issue 4): at least 100,000 rows/s.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(1)]
public class StoreMetricsBenchmarks
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);
    private string _folder = string.Empty;
    private SqliteLearningStore _store = null!;
    private SuccessMetric[] _metrics = [];

    [Params(10_000, 100_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _metrics = Enumerable.Range(0, Rows).Select(i => new SuccessMetric
        {
            Name = (i % 5) switch { 0 => "error_rate", 1 => "timeout_rate", 2 => "p95_duration", 3 => "cost_per_call", _ => "success_rate" },
            Value = i * 0.001,
            Timestamp = T0.AddMilliseconds(i),
            Subject = "task_" + (i % 50),
        }).ToArray();
    }

    /// <summary>A new, created and migrated, empty store for each iteration.</summary>
    [IterationSetup]
    public void CreateStore()
    {
        _folder = Path.Combine(Path.GetTempPath(), "alpha-bench-" + Guid.NewGuid().ToString("N"));
        _store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = Path.Combine(_folder, "bench.db") });
        _store.GetStatisticsAsync().GetAwaiter().GetResult();
    }

    [IterationCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>All rows in one call: one BEGIN IMMEDIATE transaction, one prepared command.</summary>
    [Benchmark(Baseline = true)]
    public Task<int> StoreMetricsBatch() => _store.StoreMetricsAsync(_metrics);

    /// <summary>The same rows in batches of 1,000.</summary>
    [Benchmark]
    public async Task<int> StoreMetricsChunked()
    {
        var total = 0;
        foreach (var chunk in _metrics.Chunk(1_000))
        {
            total += await _store.StoreMetricsAsync(chunk);
        }

        return total;
    }
}
