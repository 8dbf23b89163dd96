// Hammers one learning store from one process; the test runs two of these at once on the same file and checks that
// nothing is lost, nothing is duplicated, the quota is exact and the lease is exclusive.
// Usage: dotnet Alpha.Learning.StoreHammer.dll <database> <worker> <iterations> <quota> [progress]
// With "progress", a line "tick <i>" is written after each iteration (the kill test waits on those).
// <database> is a SQLite file, or a PostgreSQL connection string or URI; then the schema is ALPHA_LEARNING_POSTGRES_SCHEMA.
using System.Globalization;

using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;
using Alpha.Learning.Loop;
using Alpha.Learning.Storage;

if (args.Length is not (4 or 5))
{
    await Console.Error.WriteLineAsync("usage: <database> <worker> <iterations> <quota> [progress]");
    return 2;
}

var progress = args.Length == 5 && args[4] == "progress";

var path = args[0];
var worker = args[1];
var iterations = int.Parse(args[2], CultureInfo.InvariantCulture);
var quota = int.Parse(args[3], CultureInfo.InvariantCulture);
var window = new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);
var clock = TimeProvider.System;

var store = PostgreSqlConnectionStrings.IsPostgreSql(path)
    ? (ILearningStore)new PostgreSqlLearningStore(new PostgreSqlLearningStoreOptions
    {
        ConnectionString = path,
        Schema = Environment.GetEnvironmentVariable("ALPHA_LEARNING_POSTGRES_SCHEMA") ?? PostgreSqlLearningStoreOptions.DefaultSchema,
    })
    : new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = path, BusyTimeout = TimeSpan.FromSeconds(20) });
using var storeLifetime = (IDisposable)store;
var reserved = 0;
var increments = 0;
var cycles = new List<long>();
for (var i = 0; i < iterations; i++)
{
    // No lost rows: a batch of metrics per iteration.
    await store.StoreMetricsAsync(Enumerable.Range(0, 10).Select(j => new SuccessMetric
    {
        Name = "hammer",
        Subject = worker,
        Value = (i * 10) + j,
        Timestamp = window.AddSeconds(i),
    }));

    // No duplicates: both workers upsert the same fingerprints.
    await store.StorePatternAsync(
        new LogPattern
        {
            Type = PatternType.SlowOperation,
            Subject = LogPattern.ToolSubject,
            Key = "tool-" + (i % 20).ToString(CultureInfo.InvariantCulture),
            Description = "slow",
            Occurrences = i,
            ImpactScore = 0.5,
            FirstSeen = window,
            LastSeen = window.AddSeconds(i),
        },
        cycleNumber: null,
        window.AddSeconds(i));

    // Exact quota.
    var record = new ImprovementRecord
    {
        Id = ImprovementRecord.NewId(),
        RecommendationId = worker + "-" + i.ToString(CultureInfo.InvariantCulture),
        PatternFingerprint = "f",
        PatternType = PatternType.SlowOperation,
        Title = "t",
        ActionType = ActionType.ToolStrategy,
        Status = ImprovementStatus.Applying,
        CreatedAt = window.AddMinutes(i),
    };
    if (await store.TryReserveImprovementAsync(record, window, window.AddDays(1), quota) == ReservationOutcome.Reserved)
    {
        reserved++;
    }

    // Unique cycle numbers.
    cycles.Add((await store.StartCycleAsync(clock.GetUtcNow(), worker)).CycleNumber);

    // An exclusive lease: a non-atomic read-modify-write of a counter is safe only while holding it.
    if (await store.TryAcquireLeaseAsync("hammer", worker, clock.GetUtcNow(), TimeSpan.FromMinutes(1)))
    {
        var current = long.Parse(await store.GetStateAsync("counter") ?? "0", CultureInfo.InvariantCulture);
        await store.SetStateAsync("counter", (current + 1).ToString(CultureInfo.InvariantCulture), clock.GetUtcNow());
        increments++;
        await store.ReleaseLeaseAsync("hammer", worker);
    }

    if (progress)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"tick {i}"));
        Console.Out.Flush();
    }
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"reserved={reserved} increments={increments} cycles={string.Join(',', cycles)}"));
return 0;
