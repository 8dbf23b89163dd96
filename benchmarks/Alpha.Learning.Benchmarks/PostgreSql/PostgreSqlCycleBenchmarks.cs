using System.Globalization;

using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;
using Alpha.Learning.Loop;
using Alpha.Learning.Loop.Internal;
using Alpha.Learning.Storage;

using BenchmarkDotNet.Attributes;

namespace Alpha.Learning.Benchmarks.PostgreSql;

/// <summary>
/// A feedback-loop cycle's store work on PostgreSQL with 10,000 patterns, every one already stored (the next-cycle case):
/// the cycle record, the mode, the upsert of the patterns with their history rows, the expiry of stale approvals, the
/// planner's reads (quota count, improvements, correlations), three applied changes (quota reservation, the applied
/// update with its path changes, the verification baseline), seven proposals queued for approval, the cycle's metrics
/// and the finished cycle with its report. Target (issue 18): under 1 s.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(1)]
public class PostgreSqlCycleBenchmarks
{
    private const int Applied = 3;
    private const int Queued = 7;

    private static readonly PatternType[] BuiltInPatternTypes =
    [
        PatternType.RecurringError, PatternType.SlowOperation, PatternType.InefficientToolChain,
        PatternType.HighCostOperation, PatternType.SuccessfulPattern, PatternType.TimeoutPattern,
    ];

    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);
    private PostgreSqlLearningStore? _store;
    private LogPattern[] _patterns = [];
    private int _iteration;

    [Params(10_000)]
    public int Patterns { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _ = PostgresBenchServer.ConnectionString;
        _patterns = Enumerable.Range(0, Patterns).Select(i => new LogPattern
        {
            Type = BuiltInPatternTypes[i % 6],
            Subject = LogPattern.TaskSubject,
            Key = "task_" + i.ToString(CultureInfo.InvariantCulture),
            Description = "task_" + i.ToString(CultureInfo.InvariantCulture) + " is slow",
            Occurrences = i,
            ImpactScore = (i % 100) / 100.0,
            FirstSeen = T0,
            LastSeen = T0.AddHours(1),
            Examples = ["Timeout after 30s calling search API", "Timeout after 31s calling search API"],
            Metadata = new Dictionary<string, object> { ["subject"] = "task", ["count"] = (long)i, ["p95"] = 12.5 },
        }).ToArray();
    }

    /// <summary>A new store (schema) already holding every pattern, stored by a finished cycle 1.</summary>
    [IterationSetup]
    public void CreateStore()
    {
        _iteration++;
        _store = PostgresBenchServer.CreateStore();
        var cycle = _store.StartCycleAsync(T0, "bench/1/loop").GetAwaiter().GetResult();
        _store.StorePatternsAsync(_patterns, cycle.CycleNumber, T0).GetAwaiter().GetResult();
        _store.FinishCycleAsync(cycle.CycleNumber, CycleRunStatus.Completed, null, "{}", T0.AddSeconds(5)).GetAwaiter().GetResult();
    }

    [IterationCleanup]
    public void Cleanup()
    {
        PostgresBenchServer.Drop(_store);
        _store = null;
    }

    /// <summary>Only the upsert of the patterns and their history rows (one transaction, one binary COPY, two statements).</summary>
    [Benchmark(Baseline = true)]
    public Task<int> UpsertPatterns() => _store!.StorePatternsAsync(_patterns, 2, T0.AddDays(1));

    /// <summary>Everything a cycle writes and reads in the store, in the order the loop does it.</summary>
    [Benchmark]
    public async Task<long> CycleStoreWork()
    {
        var store = _store!;
        var now = T0.AddDays(1);
        var owner = "bench/" + _iteration.ToString(CultureInfo.InvariantCulture) + "/loop";
        var cycle = await store.StartCycleAsync(now, owner);
        await store.SetStateAsync(FeedbackLoop.ModeStateKey, "full_auto", now);
        await store.StorePatternsAsync(_patterns, cycle.CycleNumber, now);
        await store.ExpirePendingApprovalsAsync(now.AddDays(-7), now);

        var dayStart = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        await store.CountAppliedInWindowAsync(dayStart, dayStart.AddDays(1));
        await store.GetImprovementsAsync(ImprovementStatus.Applied, limit: 1_000);
        await store.GetCorrelationsAsync(LoopStateKeys.CorrelationType, null);

        for (var i = 0; i < Applied; i++)
        {
            var record = Improvement(i, cycle.CycleNumber, ImprovementStatus.Applying, now);
            if (await store.TryReserveImprovementAsync(record, dayStart, dayStart.AddDays(1), 10) != ReservationOutcome.Reserved)
            {
                throw new InvalidOperationException("The quota reservation was refused.");
            }

            var path = "tools.tool_" + i.ToString(CultureInfo.InvariantCulture) + ".timeout";
            await store.UpdateImprovementAsync(new ImprovementUpdate
            {
                Id = record.Id,
                NewStatus = ImprovementStatus.Applied,
                ExpectedStatus = ImprovementStatus.Applying,
                At = now,
                ConfigFile = "/srv/agent/agent.yaml",
                VersionBefore = "sha256:before",
                VersionAfter = "sha256:after",
                BackupFile = "/srv/agent/.alpha-learning/backups/agent.yaml." + record.Id,
                PathChanges = [new PathChange { Path = path, OldValue = 10L, NewValue = 15L, ImprovementId = record.Id, At = now }],
            });
            await store.StoreBaselineAsync(new VerificationBaseline
            {
                ImprovementId = record.Id,
                Metric = TargetMetric.P95Duration,
                SampleSize = 240,
                Data = "{\"p95\":12.5,\"count\":240}",
                CapturedAt = now,
            });
        }

        await store.StoreImprovementsAsync(Enumerable.Range(Applied, Queued).Select(i => Improvement(i, cycle.CycleNumber, ImprovementStatus.PendingApproval, now)));
        await store.StoreMetricsAsync(Enumerable.Range(0, 20).Select(i => new SuccessMetric
        {
            Name = "cycle_metric_" + (i % 5).ToString(CultureInfo.InvariantCulture),
            Value = i,
            Timestamp = now,
            Subject = "task_" + i.ToString(CultureInfo.InvariantCulture),
        }));
        await store.FinishCycleAsync(cycle.CycleNumber, CycleRunStatus.Completed, null, "{\"patterns\":10000,\"applied\":3,\"queued\":7}", now.AddSeconds(1));
        return cycle.CycleNumber;
    }

    private ImprovementRecord Improvement(int i, long cycle, ImprovementStatus status, DateTimeOffset at) => new()
    {
        Id = ImprovementRecord.NewId(),
        RecommendationId = "rec-" + _iteration.ToString(CultureInfo.InvariantCulture) + "-" + i.ToString(CultureInfo.InvariantCulture),
        PatternFingerprint = _patterns[i].Fingerprint,
        PatternType = _patterns[i].Type,
        Title = "Raise the timeout of tool_" + i.ToString(CultureInfo.InvariantCulture),
        ActionType = ActionType.ToolStrategy,
        Status = status,
        CreatedAt = at,
        CycleNumber = cycle,
        Confidence = 0.9,
    };
}
