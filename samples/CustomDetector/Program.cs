// A plugin that owns its events, pattern type, config path, guardrail and action, through a full cycle: the host
// logs its own cache_lookup events, CacheMissDetector finds a cache that keeps missing (pattern type cache_miss) and
// recommends a longer TTL at cache.<name>.ttl_seconds (action type cache_tuning); AddGuardrail lets automatic changes
// write that path within bounds, AddConfigAction applies it. The cycle applies it, the history lists it with its own
// types, and RollbackLastImprovementAsync restores the config byte for byte.
// Run: dotnet run --project samples/CustomDetector   (CI also builds it against the packed package:
//      -p:AlphaLearningPackageSource=DIR)
using Alpha.Learning;
using Alpha.Learning.Improvements;
using Alpha.Learning.Logs;
using Alpha.Learning.Loop;

using CustomDetector;

using Microsoft.Extensions.DependencyInjection;

var dir = Path.Combine(Path.GetTempPath(), "alpha-custom-detector-" + Guid.NewGuid().ToString("N"));
var logs = Path.Combine(dir, "logs");
var configPath = Path.Combine(dir, "agent.yaml");
Directory.CreateDirectory(dir);
const string Config = "# my agent\ncache:\n  geocoder:\n    ttl_seconds: 60   # how long a geocoding result is reused\n";
File.WriteAllText(configPath, Config);

// Two days of lookups: the geocoder cache misses about 9 in 10.
var now = TimeProvider.System.GetUtcNow();
using (var log = new JsonLinesExecutionLogger(new JsonLinesExecutionLoggerOptions { Directory = logs }))
{
    var random = new Random(7);
    for (var i = 0; i < 200; i++)
    {
        log.LogEvent(new ExecutionEvent
        {
            Kind = ExecutionEventKind.Custom,
            EventName = "cache_lookup",
            Timestamp = now.AddDays(-2).AddMinutes(14 * i),
            Fields = new Dictionary<string, string> { ["cache"] = "geocoder", ["task_id"] = "t-" + (i / 4), ["hit"] = random.Next(10) == 0 ? "true" : "false" },
        });
    }
}

var services = new ServiceCollection();
services.AddAlphaLearning(o =>
{
    o.Loop.Mode = FeedbackLoopMode.SemiAuto;
    o.Logs.Paths = [logs];
    o.Store.DatabasePath = Path.Combine(dir, "learning.db");
    o.Config.Path = configPath;
})
.AddDetector<CacheMissDetector>()
.AddGuardrail(new GuardrailRule { Pattern = "cache.*.ttl_seconds", ValueType = GuardrailValueType.WholeNumber, Min = 10, Max = 3600, MaxStepFactor = 4, Cooldown = TimeSpan.FromDays(1) })
.AddConfigAction(CacheMissDetector.CacheTuning);
await using var provider = services.BuildServiceProvider();
var loop = provider.GetRequiredService<FeedbackLoop>();

// Cycle 1: the plugin's change is applied like a built-in one.
var first = await loop.RunCycleAsync();
Console.WriteLine($"cycle {first.CycleNumber}: {first.Status}, {first.EventsAnalyzed} events");
foreach (var pattern in first.Patterns)
{
    Console.WriteLine($"  pattern  {EnumNames.ToName(pattern.Type)}  {pattern.Key}: {pattern.Description}");
}

foreach (var item in first.Improvements)
{
    Console.WriteLine($"  [{item.Action}] {item.Title}: {string.Join(", ", item.Changes.Select(c => $"{c.Path} {c.OldValue} -> {c.NewValue}"))}");
}

var applied = first.Improvements.SingleOrDefault(i => i.Action == "applied" && i.Changes.Any(c => c.Path == "cache.geocoder.ttl_seconds"));
var changed = File.ReadAllText(configPath);
Console.WriteLine(changed);

// Cycle 2: verification looks at the improvements applied before. This change declares no target metric the
// library can measure (TargetMetric.None), so it gets no verdict; a plugin that maps its change to task outcomes
// (error_rate, p95_duration, … in the scope of its tasks) is verified like a built-in one.
var second = await loop.RunCycleAsync();
Console.WriteLine($"cycle {second.CycleNumber}: {second.Status}, {second.Verifications.Count} verification verdict(s)");
foreach (var v in second.Verifications)
{
    Console.WriteLine($"  verification of {v.ImprovementId}: {v.Verdict}{(v.Action is null ? string.Empty : " -> " + v.Action)}");
}

// The history shows it with its own action type, and a rollback restores the file byte for byte.
var history = await provider.GetRequiredService<ImprovementExecutor>().GetAppliedImprovementsAsync();
foreach (var record in history)
{
    Console.WriteLine($"  history  {record.Id}  {EnumNames.ToName(record.ActionType)}  {EnumNames.ToName(record.PatternType)}  {record.Status}");
}

var rollback = await loop.RollbackLastImprovementAsync();
Console.WriteLine($"rollback: {(rollback.Success ? "done" : rollback.Reason)}");
var restored = File.ReadAllText(configPath) == Config;

Directory.Delete(dir, recursive: true);
var ok = applied is not null && changed.Contains("ttl_seconds: 240", StringComparison.Ordinal) && changed.Contains("# how long", StringComparison.Ordinal)
    && history.Any(r => r.ActionType == CacheMissDetector.CacheTuning) && rollback.Success && restored;
Console.WriteLine(ok ? "OK: applied, recorded with its own action and pattern types, rolled back" : "FAILED");
return ok ? 0 : 1;
