// A Microsoft.Extensions.AI chat agent that gets better on its own: a few simulated days on an accelerated clock,
// Alpha.Learning's hosted loop editing the agent's appsettings.json, the resilience pipeline reloading from it.
//   dotnet run --project samples/ChatAgent [-- --days 3] [--verbose]
using System.Globalization;

using Alpha.Learning.Improvements;
using Alpha.Learning.Loop;

using ChatAgent;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

var days = args.SkipWhile(a => a != "--days").Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(3);
var verbose = args.Contains("--verbose");
var root = Path.Combine(Path.GetTempPath(), "alpha-chat-agent-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(root);
File.Copy(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), Path.Combine(root, "appsettings.json"));
Console.WriteLine($"Working folder: {root}");

var start = new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);
var clock = new FakeTimeProvider(start);
using var host = ChatAgentHost.Build(root, clock, verbose);
await host.StartAsync();
var loop = host.Services.GetRequiredService<FeedbackLoop>();
loop.CycleCompleted += (_, report) => Console.WriteLine(
    $"  {clock.GetUtcNow():MM-dd HH:mm} cycle {report.CycleNumber}: {report.EventsAnalyzed} events, {report.Patterns.Count} patterns; "
    + string.Join("; ", report.Improvements.Select(i => $"{i.Action}: {i.Title} ({i.Reason})").Concat(report.Verifications.Select(v => $"{v.Verdict} → {v.Action}: {v.ImprovementId}"))));

var simulation = new Simulation(host, clock);
Console.WriteLine("day  requests  success  cost/request  mean latency");
for (var day = 0; day < days; day++)
{
    var from = simulation.Outcomes.Count;
    await simulation.RunUntilAsync(start.AddDays(day + 1), TimeSpan.FromMinutes(6));
    var today = simulation.Outcomes.Skip(from).ToList();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{day + 1,3}  {today.Count,8}  {today.Count(o => o.Success) / (double)today.Count,7:P1}  {today.Average(o => o.Cost),12:F5}  {today.Average(o => o.Duration.TotalSeconds),10:F2} s"));
}

Console.WriteLine();
Console.WriteLine("What the loop changed in appsettings.json:");
var executor = host.Services.GetRequiredService<ImprovementExecutor>();
foreach (var improvement in (await executor.GetAppliedImprovementsAsync(null)).OrderBy(i => i.CreatedAt))
{
    var changes = string.Join("; ", improvement.Changes.Select(c => $"{c.Path} {c.OldValue ?? "(absent)"} → {c.NewValue}"));
    Console.WriteLine($"  [{improvement.Status}] {improvement.Title}: {changes}");
}

await host.StopAsync();
