// A custom detector plugin: the host logs its own event kind (cache_lookup) next to the standard ones, registers a
// detector for it with AddDetector<T>(), and the analyzer runs it in the same single pass as the built-in six.
// Run: dotnet run --project samples/CustomDetector
using Alpha.Learning;
using Alpha.Learning.Analysis;
using Alpha.Learning.Logs;
using CustomDetector;
using Microsoft.Extensions.DependencyInjection;

var dir = Path.Combine(Path.GetTempPath(), "alpha-custom-detector-" + Guid.NewGuid().ToString("N"));
var logs = Path.Combine(dir, "logs");
using (var log = new JsonLinesExecutionLogger(new JsonLinesExecutionLoggerOptions { Directory = logs }))
{
    var random = new Random(7);
    for (var i = 0; i < 100; i++)
    {
        log.LogEvent(new ExecutionEvent
        {
            Kind = ExecutionEventKind.Custom,
            EventName = "cache_lookup",
            Timestamp = TimeProvider.System.GetUtcNow(),
            Fields = new Dictionary<string, string> { ["tool"] = "geocoder", ["hit"] = random.Next(10) == 0 ? "true" : "false" },
        });
    }
}

var services = new ServiceCollection();
services.AddAlphaLearning(o =>
{
    o.Logs.Paths = [logs];
    o.Store.DatabasePath = Path.Combine(dir, "learning.db");
    o.Config.Path = Path.Combine(dir, "agent.yaml");
}).AddDetector<CacheMissDetector>();
await using var provider = services.BuildServiceProvider();

var analyzer = provider.GetRequiredService<LogAnalyzer>();
var result = await analyzer.AnalyzeLogsAsync();
Console.WriteLine($"{result.EventsAnalyzed} events analysed by {analyzer.Detectors.Count} detectors.");
foreach (var pattern in result.Patterns)
{
    Console.WriteLine($"pattern  {EnumNames.ToName(pattern.Type)}  {pattern.Key}: {pattern.Description}");
}

foreach (var recommendation in result.Recommendations)
{
    Console.WriteLine($"recommend  {recommendation.Title} ({string.Join(", ", recommendation.Changes.Select(c => $"{c.Path} = {c.NewValue}"))})");
}

Directory.Delete(dir, recursive: true);
return result.Recommendations.Any(r => r.Title.Contains("geocoder", StringComparison.Ordinal)) ? 0 : 1;
