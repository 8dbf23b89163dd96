// Runs feedback-loop cycles against a given store, config and log folder; the two-process cycle tests run two of
// these at once on the same files and check that the quota is exact, nothing is applied twice and cycles never overlap.
// Usage: dotnet Alpha.Learning.LoopRunner.dll --db FILE|POSTGRESQL --config FILE --logs DIR --max-daily N --cycles N
//   [--max-per-cycle N] [--wait-go] [--instance NAME --slow-min N --until-store-cycles N --recovery-grace-seconds N]
// Fleet mode (the fleet test): --instance names this instance; --until-store-cycles stops once the store holds that many
// completed cycles (of any instance); at start the interrupted applies of a killed instance are recovered, as a restart does.
// With --wait-go it writes "ready" and starts when a line arrives on stdin (so both processes start together).
// N counts the cycles that ran here (completed or failed); an attempt skipped because the other process holds the
// cycle lease is retried. At the end it writes "applied=<n> completed=<n> skipped=<n> failed=<n>" and where its time went
// ("start_ms=<ms to the first attempt> cycle_ms=<in cycles it ran> skipped_ms=<in skipped attempts> wait_ms=<between attempts>");
// exit code 0, or 3 when a cycle failed.
using System.Diagnostics;
using System.Globalization;

using Alpha.Learning.Improvements;
using Alpha.Learning.Loop;
using Alpha.Learning.Storage;

using Microsoft.Extensions.DependencyInjection;

var clock = Stopwatch.StartNew();
var options = new Dictionary<string, string>(StringComparer.Ordinal);
var waitGo = false;
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--wait-go")
    {
        waitGo = true;
    }
    else if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
    {
        options[args[i][2..]] = args[++i];
    }
    else
    {
        await Console.Error.WriteLineAsync($"unexpected argument: {args[i]}");
        return 2;
    }
}

if (!options.TryGetValue("db", out var db) || !options.TryGetValue("config", out var config) || !options.TryGetValue("logs", out var logs)
    || !options.TryGetValue("max-daily", out var maxDailyText) || !options.TryGetValue("cycles", out var cyclesText))
{
    await Console.Error.WriteLineAsync("usage: --db FILE --config FILE --logs DIR --max-daily N --cycles N [--max-per-cycle N] [--wait-go]");
    return 2;
}

var maxDaily = int.Parse(maxDailyText, CultureInfo.InvariantCulture);
var cycles = int.Parse(cyclesText, CultureInfo.InvariantCulture);
var maxPerCycle = options.TryGetValue("max-per-cycle", out var perCycleText) ? int.Parse(perCycleText, CultureInfo.InvariantCulture) : 3;

options.TryGetValue("instance", out var instance);
var untilStoreCycles = options.TryGetValue("until-store-cycles", out var untilText) ? int.Parse(untilText, CultureInfo.InvariantCulture) : int.MaxValue;
var services = new ServiceCollection();
var builder = services.AddAlphaLearning(o =>
{
    o.Store.DatabasePath = db;
    o.Store.BusyTimeout = TimeSpan.FromSeconds(30);
    o.Config.Path = config;
    o.Logs.Paths.Add(logs);
    o.Loop.LogPaths = [logs];
    o.Loop.Mode = FeedbackLoopMode.FullAuto;
    o.Loop.MaxDailyImprovements = maxDaily;
    o.Loop.MaxChangesPerCycle = maxPerCycle;
    o.Loop.Fleet.Instance = instance;
    if (options.TryGetValue("slow-min", out var slowMin))
    {
        o.Analysis.SlowMinOccurrences = int.Parse(slowMin, CultureInfo.InvariantCulture);
    }

    if (options.TryGetValue("recovery-grace-seconds", out var grace))
    {
        o.RecoveryGracePeriod = TimeSpan.FromSeconds(int.Parse(grace, CultureInfo.InvariantCulture));
    }
});
if (PostgreSqlConnectionStrings.IsPostgreSql(db))
{
    builder.UsePostgreSqlLearningStore(PostgreSqlConnectionStrings.ToNpgsql(db), o => o.Schema = options.GetValueOrDefault("schema", PostgreSqlLearningStoreOptions.DefaultSchema));
}

await using var provider = services.BuildServiceProvider();
var loop = provider.GetRequiredService<FeedbackLoop>();
var store = provider.GetRequiredService<ILearningStore>();
if (instance is not null)
{
    // A restarted instance first settles what a killed one left half done (as the CLI's cycle command does).
    await provider.GetRequiredService<ImprovementExecutor>().RecoverAsync();
}

if (waitGo)
{
    Console.WriteLine("ready");
    await Console.Out.FlushAsync();
    await Console.In.ReadLineAsync();
}

int applied = 0, completed = 0, skipped = 0, failed = 0;
var startMs = clock.ElapsedMilliseconds;
long cycleMs = 0, skippedMs = 0, waitMs = 0;
var jitter = new Random(Environment.ProcessId);
for (var attempt = 0; completed + failed < cycles && attempt < 20_000; attempt++)
{
    // One query: the completed cycles of the whole fleet.
    if (untilStoreCycles != int.MaxValue && await store.CountCyclesAsync(CycleRunStatus.Completed) >= untilStoreCycles)
    {
        break;
    }

    var started = clock.ElapsedMilliseconds;
    var report = await loop.RunCycleAsync();
    var took = clock.ElapsedMilliseconds - started;
    if (instance is not null && report.Status != CycleStatus.Skipped)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cycle {report.CycleNumber} {report.Status} applied={report.Count("applied")} ms={took}"));
        await Console.Out.FlushAsync();
    }

    switch (report.Status)
    {
        case CycleStatus.Completed:
            completed++;
            cycleMs += took;
            applied += report.Count("applied");
            break;
        case CycleStatus.Skipped:
            // Another process holds the cycle lease: try again shortly (a fleet instance's attempt re-reads its logs
            // only when they changed, so polling costs a few queries).
            skipped++;
            skippedMs += took;
            var pause = instance is null ? 5 : 100 + jitter.Next(100);
            waitMs += pause;
            await Task.Delay(pause);
            break;
        default:
            failed++;
            cycleMs += took;
            await Console.Error.WriteLineAsync($"cycle {report.CycleNumber} {report.Status}: {report.Reason}");
            break;
    }
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"applied={applied} completed={completed} skipped={skipped} failed={failed} start_ms={startMs} cycle_ms={cycleMs} skipped_ms={skippedMs} wait_ms={waitMs}"));
return failed == 0 ? 0 : 3;
