using Alpha.Learning.LogGenerator;
using Alpha.Learning.Logs;

using BenchmarkDotNet.Attributes;

namespace Alpha.Learning.Benchmarks.Logs;

/// <summary>
/// The same agent activity (the generator's 20 MB corpus) read as JSON-lines logs and as OTLP JSON traces (converted
/// span by span; about three times the bytes). The target is OTLP MB/s at least 60% of JSON-lines MB/s: divide each
/// file size (printed at setup) by its mean time. Both sources single-threaded, then each with its default parallelism.
/// </summary>
[MemoryDiagnoser]
public class OtlpIngestionBenchmarks
{
    private string _folder = string.Empty;
    private string _logs = string.Empty;
    private string _traces = string.Empty;
    private JsonLinesLogSource _single = null!;
    private JsonLinesLogSource _default = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "alpha-bench-otlp-" + Guid.NewGuid().ToString("N"));
        _logs = Path.Combine(_folder, "logs");
        _traces = Path.Combine(_folder, "traces");
        ExecutionLogGenerator.Generate(_logs, new LogGeneratorOptions { SizeMegabytes = 20, Files = 1 });
        OtlpTraceConverter.ConvertAsync([_logs], Path.Combine(_traces, "traces.jsonl")).GetAwaiter().GetResult();
        Console.WriteLine($"// JSON lines: {Size(_logs):N0} bytes; OTLP JSON: {Size(_traces):N0} bytes");
        _single = new JsonLinesLogSource(new JsonLinesLogSourceOptions { MaxParallelism = 1 });
        _default = new JsonLinesLogSource();
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    [Benchmark(Baseline = true)]
    public Task<long> JsonLines_SingleThread() => ReadAsync(_single, _logs);

    [Benchmark]
    public Task<long> Otlp_SingleThread() => ReadAsync(_single, _traces);

    [Benchmark]
    public Task<long> JsonLines_DefaultParallelism() => ReadAsync(_default, _logs);

    [Benchmark]
    public Task<long> Otlp_DefaultParallelism() => ReadAsync(_default, _traces);

    private static long Size(string folder) => Directory.GetFiles(folder).Sum(f => new FileInfo(f).Length);

    private static async Task<long> ReadAsync(JsonLinesLogSource source, string path)
    {
        long events = 0;
        await foreach (var unused in source.ReadAsync(new LogQuery { Paths = [path] }))
        {
            events++;
        }

        return events;
    }
}
