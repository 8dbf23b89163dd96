using System.Diagnostics;

using Alpha.Learning.Analysis;
using Alpha.Learning.Logs;

using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Alpha.Learning.OpenTelemetry.Tests;

/// <summary>
/// A real Microsoft.Extensions.AI pipeline (function invocation over OpenTelemetry over a deterministic model, with real
/// AIFunction tools) under the real OpenTelemetry SDK with the exporter; the log it leaves is then read and analysed.
/// </summary>
public sealed class AlphaLearningExporterTests
{
    private const string HostSource = "Tests.TravelAgent";

    [Fact]
    public async Task AddAlphaLearningExporter_ChatPipelineWithTools_WritesLinkedLlmAndToolEvents()
    {
        using var folder = new TempFolder();
        using (var tracing = Sdk.CreateTracerProviderBuilder().AddAlphaLearningExporter(o => o.Log.Directory = folder.Path).Build())
        {
            using var client = Pipeline(new ScriptedChatClient("gpt-4o-mini", ("get_weather", new Dictionary<string, object?> { ["city"] = "Paris" })));
            var response = await client.GetResponseAsync("Weather in Paris?", new ChatOptions { Tools = [Weather()] });
            response.Text.Should().Contain("sunny");
        }

        var events = await ReadAsync(folder.Path);
        var llm = events.Where(e => e.Kind == ExecutionEventKind.LlmInteraction).ToList();
        var tools = events.Where(e => e.Kind == ExecutionEventKind.ToolExecution).ToList();
        llm.Should().HaveCount(2);
        llm.Should().AllSatisfy(e =>
        {
            e.Model.Should().Be("gpt-4o-mini");
            e.Provider.Should().Be("scripted");
            e.PromptTokens.Should().BeGreaterThan(0);
            e.CompletionTokens.Should().Be(20);
            e.Duration.Should().BeGreaterThanOrEqualTo(0);
        });
        tools.Should().ContainSingle().Which.Should().Match<ExecutionEvent>(e => e.ToolName == "get_weather" && e.Success == true);
        tools[0].Parameters.Should().Contain("Paris", "the arguments are recorded when sensitive data is enabled");

        // No agent span: every call belongs to the trace's root, which is written as the task.
        var taskIds = llm.Concat(tools).Select(e => e.TaskId).Distinct().ToList();
        taskIds.Should().ContainSingle().Which.Should().NotBeNullOrEmpty();
        events.Should().Contain(e => e.Kind == ExecutionEventKind.TaskComplete && e.TaskId == taskIds[0]);
        events.Should().Contain(e => e.Kind == ExecutionEventKind.TaskStart && e.TaskId == taskIds[0]);
    }

    [Fact]
    public async Task AddAlphaLearningExporter_AgentRunsWithFailingTool_AnalysisFindsRecurringToolError()
    {
        using var folder = new TempFolder();
        using var agentSource = new ActivitySource(HostSource);
        using (var tracing = Sdk.CreateTracerProviderBuilder()
                   .AddAlphaLearningExporter(o =>
                   {
                       o.Log.Directory = folder.Path;
                       o.Sources.Add(HostSource);
                   })
                   .Build())
        {
            using var client = Pipeline(new ScriptedChatClient("gpt-4o", ("book_flight", new Dictionary<string, object?> { ["to"] = "LIS" })));
            for (var run = 0; run < 5; run++)
            {
                using var agent = agentSource.StartActivity("invoke_agent travel_agent", ActivityKind.Internal);
                agent!.SetTag("gen_ai.operation.name", "invoke_agent");
                agent.SetTag("gen_ai.agent.name", "travel_agent");
                await client.GetResponseAsync($"Book flight {run}", new ChatOptions { Tools = [FailingBooking()] });
            }
        }

        var events = await ReadAsync(folder.Path);
        events.Count(e => e.Kind == ExecutionEventKind.TaskStart && e.TaskName == "travel_agent").Should().Be(5);
        var failedTools = events.Where(e => e.Kind == ExecutionEventKind.ToolExecution).ToList();
        failedTools.Should().HaveCount(5).And.AllSatisfy(e => e.Success.Should().BeFalse());
        failedTools.Select(e => e.TaskId).Distinct().Should().HaveCount(5, "each call is linked to its own agent run");
        var agentTaskIds = events.Where(e => e.Kind == ExecutionEventKind.TaskStart).Select(e => e.TaskId).ToHashSet();
        failedTools.Should().OnlyContain(e => agentTaskIds.Contains(e.TaskId));

        var services = new ServiceCollection();
        services.AddAlphaLearning(o =>
        {
            o.Logs.Paths.Add(folder.Path);
            o.Config.Path = Path.Combine(folder.Path, "agent.yaml");
            o.Config.AllowMissingFile = true; // this test only analyses; no change is applied
        });
        await using var provider = services.BuildServiceProvider();
        var result = await provider.GetRequiredService<LogAnalyzer>().AnalyzeLogsAsync();
        result.Patterns.Should().Contain(p => p.Type == PatternType.RecurringError && p.Occurrences >= 5);
    }

    [Fact]
    public async Task AddAlphaLearningExporter_UnwritableFolder_NeverThrowsAndCountsTheLoss()
    {
        using var folder = new TempFolder();
        var blocker = Path.Combine(folder.Path, "not-a-folder");
        File.WriteAllText(blocker, "a file where the log folder should be");
        var logger = new CollectingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(logger));
        services.AddOpenTelemetry().WithTracing(t => t.AddAlphaLearningExporter(o => o.Log.Directory = Path.Combine(blocker, "logs")));
        using (var sp = services.BuildServiceProvider())
        {
            var tracing = sp.GetRequiredService<TracerProvider>();
            using var client = Pipeline(new ScriptedChatClient("gpt-4o"));
            var act = async () => await client.GetResponseAsync("hello");
            await act.Should().NotThrowAsync();
            tracing.ForceFlush().Should().BeFalse("the write failed");
        }

        logger.Messages.Should().Contain(m => m.Contains("could not write execution events", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddOpenTelemetryExporter_HostWithTracing_WritesEventsWhereTheLoopReads()
    {
        using var folder = new TempFolder();
        var services = new ServiceCollection();
        services.AddOpenTelemetry().WithTracing(_ => { });
        services.AddAlphaLearning(o => o.Logs.Paths.Add(folder.Path)).AddOpenTelemetryExporter(o => o.Log.Directory = folder.Path);
        using (var sp = services.BuildServiceProvider())
        {
            _ = sp.GetRequiredService<TracerProvider>();
            using var client = Pipeline(new ScriptedChatClient("gpt-4o"));
            await client.GetResponseAsync("hello");
        }

        var events = await ReadAsync(folder.Path);
        events.Should().Contain(e => e.Kind == ExecutionEventKind.LlmInteraction && e.Model == "gpt-4o");
    }

    internal static IChatClient Pipeline(IChatClient model) =>
        new ChatClientBuilder(model)
            .UseFunctionInvocation()
            .UseOpenTelemetry(configure: c => c.EnableSensitiveData = true)
            .Build();

    internal static AIFunction Weather() =>
        AIFunctionFactory.Create((string city) => $"sunny in {city}", "get_weather", "Gets the weather of a city.");

    private static AIFunction FailingBooking() =>
        AIFunctionFactory.Create(new Func<string, string>(to => throw new TimeoutException($"Timeout after 30s calling the booking API for {to}")), "book_flight", "Books a flight.");

    internal static async Task<List<ExecutionEvent>> ReadAsync(string folder)
    {
        var events = new List<ExecutionEvent>();
        await foreach (var e in new JsonLinesLogSource().ReadAsync(new LogQuery { Paths = [folder] }))
        {
            events.Add(e);
        }

        return events;
    }
}
