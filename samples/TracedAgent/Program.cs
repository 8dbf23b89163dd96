// A traced agent: the tracing a Microsoft.Extensions.AI host already has, plus one line, feeds Alpha.Learning.
using System.Diagnostics;

using Alpha.Learning.Analysis;

using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

using OpenTelemetry;
using OpenTelemetry.Trace;

using TracedAgent;

var folder = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "alpha-traced-agent");
var logs = Path.Combine(folder, "logs");
Directory.CreateDirectory(folder);
using var agentSource = new ActivitySource("TracedAgent");

using (Sdk.CreateTracerProviderBuilder()
    .AddAlphaLearningExporter(o => // the one line (here with the host's own agent source named)
    {
        o.Log.Directory = logs;
        o.Sources.Add("TracedAgent");
    })
    .Build())
{
    using var chat = new ChatClientBuilder(new OfflineModel())
        .UseFunctionInvocation()
        .UseOpenTelemetry(configure: c => c.EnableSensitiveData = true)
        .Build();
    var searchFlights = AIFunctionFactory.Create(
        (string to) => to.StartsWith("Atlantis", StringComparison.Ordinal)
            ? throw new TimeoutException($"Timeout after 30s calling the flights API for {to}")
            : $"3 flights to {to}",
        "search_flights",
        "Searches flights to a city.");

    string[] requests = ["Lisbon", "Atlantis 1", "Oslo", "Atlantis 2", "Atlantis 3", "Rome", "Atlantis 4"];
    foreach (var request in requests)
    {
        // An agent framework opens this span itself (Microsoft Agent Framework: invoke_agent); here the host does.
        using var run = agentSource.StartActivity("invoke_agent travel_agent");
        run?.SetTag("gen_ai.operation.name", "invoke_agent").SetTag("gen_ai.agent.name", "travel_agent");
        var answer = await chat.GetResponseAsync(request, new ChatOptions { Tools = [searchFlights] });
        Console.WriteLine($"{request}: {answer.Text}");
    }
}

// The loop reads the exporter's log like any log.
var services = new ServiceCollection();
services.AddAlphaLearning(o =>
{
    o.Logs.Paths.Add(logs);
    o.Config.Path = Path.Combine(folder, "agent.yaml");
});
await using var provider = services.BuildServiceProvider();
var result = await provider.GetRequiredService<LogAnalyzer>().AnalyzeLogsAsync();
Console.WriteLine($"Analysed {result.EventsAnalyzed} events from {logs}:");
foreach (var pattern in result.Patterns)
{
    Console.WriteLine($"  {pattern.Type,-22} x{pattern.Occurrences,-4} {pattern.Key}");
}
