// A generic host that embeds Alpha.Learning:
//  - the agent's settings come from agent.yaml through a YAML configuration provider with reload on change,
//    read through IOptionsMonitor, so an improvement applied to the file takes effect live, without a restart;
//  - the agent writes its execution log with JsonLinesExecutionLogger;
//  - services.AddAlphaLearning(...).AddHostedFeedbackLoop() runs the feedback loop with the host.
// Run: dotnet run --project samples/HostedAgent [-- --dir FOLDER]
using Alpha.Learning.Logs;
using Alpha.Learning.Loop;

using HostedAgent;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

var dir = Path.GetFullPath(args.SkipWhile(a => a != "--dir").Skip(1).FirstOrDefault() ?? Path.Combine(Path.GetTempPath(), "alpha-hosted-agent"));
Directory.CreateDirectory(dir);
var configFile = Path.Combine(dir, "agent.yaml");
if (!File.Exists(configFile))
{
    await File.WriteAllTextAsync(configFile, """
        # The agent's settings; Alpha.Learning edits single values in place.
        tools:
          web_search:
            timeout: 8        # seconds; too short for this search backend
            cache_results: false
        model_routing:
          summarize: gpt-4o-mini

        """.ReplaceLineEndings("\n"));
}

var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddYamlFile(configFile, optional: false, reloadOnChange: true);
builder.Services.Configure<AgentSettings>(builder.Configuration);
builder.Services.AddAlphaLearning(options =>
{
    options.Loop.Mode = FeedbackLoopMode.SemiAuto;
    options.Loop.LogPaths = [Path.Combine(dir, "logs")];
    options.Loop.Schedule.Kind = ScheduleKind.Interval;
    options.Loop.Schedule.Interval = TimeSpan.FromHours(1);
    options.Store.DatabasePath = Path.Combine(dir, "learning.db");
    options.Config.Path = configFile;
}).AddHostedFeedbackLoop();

using var host = builder.Build();
var settings = host.Services.GetRequiredService<IOptionsMonitor<AgentSettings>>();
var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
using var subscription = settings.OnChange(s =>
{
    Console.WriteLine($"[live] agent.yaml changed: web_search timeout is now {s.Tools["web_search"].Timeout} s");
    changed.TrySetResult();
});

await host.StartAsync();
Console.WriteLine($"Agent folder: {dir}");
Console.WriteLine($"web_search timeout at start: {settings.CurrentValue.Tools["web_search"].Timeout} s");

// The agent at work: searches that take 7–10 s, so an 8 s timeout is not enough; every call is logged.
using (var log = new JsonLinesExecutionLogger(new JsonLinesExecutionLoggerOptions { Directory = Path.Combine(dir, "logs") }))
{
    var random = new Random(1);
    for (var i = 0; i < 150; i++)
    {
        var taskId = $"task-{Guid.NewGuid():N}";
        log.LogTaskStart(taskId, "research");
        var seconds = 7 + (random.NextDouble() * 3);
        log.LogToolExecution(taskId, "web_search", TimeSpan.FromSeconds(seconds), success: true, new Dictionary<string, string> { ["q"] = $"query {i}" });
        log.LogTaskComplete(taskId, "research", TimeSpan.FromSeconds(seconds + 1));
    }
}

// Run a cycle now instead of waiting for the schedule.
var loop = host.Services.GetRequiredService<FeedbackLoop>();
var report = await loop.ManualTriggerAsync();
Console.WriteLine($"Cycle {report.CycleNumber}: {report.Count("applied")} applied, {report.Count("pending_approval")} waiting for approval.");
foreach (var item in report.Improvements)
{
    Console.WriteLine($"  [{item.Action}] {item.Title}: {string.Join(", ", item.Changes.Select(c => $"{c.Path} {c.OldValue ?? "(unset)"} -> {c.NewValue}"))}");
    Console.WriteLine($"      {item.Reason}");
}

// The YAML provider reloads the file; IOptionsMonitor sees the new value without a restart.
if (report.Count("applied") > 0)
{
#pragma warning disable VSTHRD003 // completed by this program's own change callback above
    await Task.WhenAny(changed.Task, Task.Delay(TimeSpan.FromSeconds(10)));
#pragma warning restore VSTHRD003
}

Console.WriteLine($"web_search timeout now: {settings.CurrentValue.Tools["web_search"].Timeout} s");
await host.StopAsync();
