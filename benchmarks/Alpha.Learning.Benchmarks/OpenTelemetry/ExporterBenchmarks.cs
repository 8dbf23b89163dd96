using System.Diagnostics;

using Alpha.Learning.OpenTelemetry.Internal;

using BenchmarkDotNet.Attributes;

using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Alpha.Learning.Benchmarks.OpenTelemetry;

/// <summary>
/// What the exporter adds on the host's thread for one finished activity: <c>OnEnd</c> of its processor on a finished
/// GenAI <c>chat</c> activity and <c>execute_tool</c> activity (role, task link, queue it for the writer thread), and on
/// a non-GenAI activity (the cost every other span pays). The target is under 2 µs per GenAI activity.
/// </summary>
/// <remarks>
/// Honest about the queue: each iteration is a fixed <see cref="Invocations"/> calls; before each, the previous
/// iteration's activities are written out (<c>ForceFlush</c>, not timed), and the queue holds twice an iteration, so no
/// activity is ever dropped and the drop path is never what is timed. The writer thread maps and writes in the
/// background during the iteration, as in a host. Cleanup prints what was written and fails the run if anything was dropped.
/// </remarks>
[MemoryDiagnoser]
[InvocationCount(Invocations)]
public class ExporterBenchmarks
{
    /// <summary>Calls per iteration (a multiple of BenchmarkDotNet's unroll factor, 16).</summary>
    public const int Invocations = 256_000;

    private static readonly ActivitySource GenAi = new("Experimental.Microsoft.Extensions.AI");
    private static readonly ActivitySource Http = new("Benchmarks.Http");
    private string _folder = string.Empty;
    private TracerProvider _provider = null!;
    private GenAiActivityProcessor _processor = null!;
    private Activity _agent = null!;
    private Activity _chat = null!;
    private Activity _tool = null!;
    private Activity _other = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "alpha-bench-exporter-" + Guid.NewGuid().ToString("N"));
        _provider = Sdk.CreateTracerProviderBuilder().AddAlphaLearningExporter(o =>
        {
            o.Log.Directory = _folder;
            o.Sources.Add("Benchmarks.Http");
        }).Build()!;
        _processor = new GenAiActivityProcessor(new Alpha.Learning.OpenTelemetry.AlphaLearningExporterOptions { Log = { Directory = _folder, FilePrefix = "direct" }, QueueCapacity = 2 * Invocations },
            SourceFilterForBenchmarks(), null);

        _agent = GenAi.StartActivity("invoke_agent travel")!;
        _agent.SetTag("gen_ai.operation.name", "invoke_agent").SetTag("gen_ai.agent.name", "travel");
        _chat = GenAi.StartActivity("chat gpt-4o")!;
        _chat.SetTag("gen_ai.operation.name", "chat").SetTag("gen_ai.provider.name", "openai").SetTag("gen_ai.request.model", "gpt-4o")
            .SetTag("gen_ai.response.model", "gpt-4o-2024-08-06").SetTag("gen_ai.usage.input_tokens", 1200).SetTag("gen_ai.usage.output_tokens", 80)
            .SetTag("server.address", "api.openai.com").SetTag("gen_ai.response.id", "chatcmpl-123").SetTag("gen_ai.response.finish_reasons", "[\"stop\"]");
        _chat.Stop();
        _tool = GenAi.StartActivity("execute_tool get_weather")!;
        _tool.SetTag("gen_ai.operation.name", "execute_tool").SetTag("gen_ai.tool.name", "get_weather").SetTag("gen_ai.tool.call.id", "call-1")
            .SetTag("gen_ai.tool.type", "function").SetTag("gen_ai.tool.call.arguments", "{\"city\":\"Paris\"}");
        _tool.Stop();
        _other = Http.StartActivity("GET")!;
        _other.SetTag("http.request.method", "GET").SetTag("url.full", "https://example.org/").SetTag("http.response.status_code", 200);
        _other.Stop();
    }

    /// <summary>Writes out what the previous iteration queued, so each iteration starts with an empty queue (not timed).</summary>
    [IterationSetup]
    public void DrainQueue() => _processor.ForceFlush();

    [GlobalCleanup]
    public void Cleanup()
    {
        _agent.Stop();
        _provider.Dispose();
        _processor.Shutdown();
        var writer = _processor.Writer;
        Console.WriteLine($"// written {writer.Written:N0} events, queue-full drops {writer.QueueFull:N0}, write failures {writer.WriteFailed:N0}, mapping failures {writer.MappingFailed:N0}");
        _processor.Dispose();
        Directory.Delete(_folder, recursive: true);
        if (writer.QueueFull > 0)
        {
            throw new InvalidOperationException($"{writer.QueueFull:N0} activities were dropped: the drop path was timed, the result does not count.");
        }
    }

    [Benchmark(Baseline = true)]
    public void OnEnd_NonGenAiActivity() => _processor.OnEnd(_other);

    [Benchmark]
    public void OnEnd_ChatActivity() => _processor.OnEnd(_chat);

    [Benchmark]
    public void OnEnd_ToolActivity() => _processor.OnEnd(_tool);

    private static Alpha.Learning.OpenTelemetry.Internal.SourceFilter SourceFilterForBenchmarks() => Alpha.Learning.OpenTelemetry.Internal.SourceFilter.Create(["Benchmarks.Http"]);
}
