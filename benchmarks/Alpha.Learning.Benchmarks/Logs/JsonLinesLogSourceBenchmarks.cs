using System.Text.Json;

using Alpha.Learning.LogGenerator;
using Alpha.Learning.Logs;

using BenchmarkDotNet.Attributes;

namespace Alpha.Learning.Benchmarks.Logs;

/// <summary>
/// Reading 20 MB of generated logs: the full source (parse + normalise + intern) against a bare
/// <see cref="Utf8JsonReader"/> tokenising loop over the same bytes (the ceiling).
/// </summary>
[MemoryDiagnoser]
public class JsonLinesLogSourceBenchmarks
{
    private string _folder = string.Empty;
    private byte[] _bytes = [];
    private JsonLinesLogSource _source = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "alpha-bench-" + Guid.NewGuid().ToString("N"));
        var generated = ExecutionLogGenerator.Generate(_folder, new LogGeneratorOptions { SizeMegabytes = 20, Files = 1 });
        _bytes = File.ReadAllBytes(generated.Files[0]);
        _source = new JsonLinesLogSource(new JsonLinesLogSourceOptions { MaxParallelism = 1 });
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    [Benchmark(Baseline = true)]
    public long TokeniseOnly()
    {
        long tokens = 0;
        var span = _bytes.AsSpan();
        while (!span.IsEmpty)
        {
            var newline = span.IndexOf((byte)'\n');
            var line = newline < 0 ? span : span[..newline];
            span = newline < 0 ? default : span[(newline + 1)..];
            var reader = new Utf8JsonReader(line);
            while (reader.Read())
            {
                tokens++;
            }
        }

        return tokens;
    }

    [Benchmark]
    public async Task<long> JsonLinesLogSource_ReadAll()
    {
        long events = 0;
        await foreach (var unused in _source.ReadAsync(new LogQuery { Paths = [_folder] }))
        {
            events++;
        }

        return events;
    }
}
