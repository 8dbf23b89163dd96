using Alpha.Learning.Loop;
using Alpha.Learning.Storage;

using BenchmarkDotNet.Attributes;

namespace Alpha.Learning.Benchmarks.PostgreSql;

/// <summary>
/// Batched inserts of success metrics into a new, migrated PostgreSQL store each iteration (binary <c>COPY</c> in one
/// transaction). Target (issue 18): at least 100,000 rows/s. Needs a server: see <see cref="PostgresBenchServer"/>.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(1)]
public class PostgreSqlMetricsBenchmarks
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);
    private PostgreSqlLearningStore? _store;
    private SuccessMetric[] _metrics = [];

    [Params(100_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _ = PostgresBenchServer.ConnectionString;
        _metrics = Enumerable.Range(0, Rows).Select(i => new SuccessMetric
        {
            Name = (i % 5) switch { 0 => "error_rate", 1 => "timeout_rate", 2 => "p95_duration", 3 => "cost_per_call", _ => "success_rate" },
            Value = i * 0.001,
            Timestamp = T0.AddMilliseconds(i),
            Subject = "task_" + (i % 50),
        }).ToArray();
    }

    /// <summary>A new, created and migrated, empty store (schema) for each iteration.</summary>
    [IterationSetup]
    public void CreateStore() => _store = PostgresBenchServer.CreateStore();

    [IterationCleanup]
    public void Cleanup()
    {
        PostgresBenchServer.Drop(_store);
        _store = null;
    }

    /// <summary>All rows in one call: one transaction, one binary COPY.</summary>
    [Benchmark(Baseline = true)]
    public Task<int> StoreMetricsBatch() => _store!.StoreMetricsAsync(_metrics);

    /// <summary>The same rows in batches of 1,000 (a transaction and a COPY each).</summary>
    [Benchmark]
    public async Task<int> StoreMetricsChunked()
    {
        var total = 0;
        foreach (var chunk in _metrics.Chunk(1_000))
        {
            total += await _store!.StoreMetricsAsync(chunk);
        }

        return total;
    }
}
