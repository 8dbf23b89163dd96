using System.Globalization;

using Alpha.Learning.LogGenerator;

namespace Alpha.Learning.Benchmarks;

/// <summary>
/// Writes the same agent activity twice, for eng/bench-otlp.sh: <c>convert-otlp --generate-mb N --logs DIR --traces DIR</c>
/// generates N MB of JSON-lines logs into <c>--logs</c> (the deterministic generator) and converts them into one OTLP
/// JSON trace file in <c>--traces</c> (<see cref="OtlpTraceConverter"/>).
/// </summary>
internal static class ConvertOtlpCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? logs = null;
        string? traces = null;
        double size = 0;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--logs" when i + 1 < args.Length: logs = args[++i]; break;
                case "--traces" when i + 1 < args.Length: traces = args[++i]; break;
                case "--generate-mb" when i + 1 < args.Length: size = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default:
                    await Console.Error.WriteLineAsync($"unknown argument '{args[i]}'; usage: convert-otlp --generate-mb N --logs DIR --traces DIR").ConfigureAwait(false);
                    return 2;
            }
        }

        if (logs is null || traces is null || size <= 0)
        {
            await Console.Error.WriteLineAsync("usage: convert-otlp --generate-mb N --logs DIR --traces DIR").ConfigureAwait(false);
            return 2;
        }

        ExecutionLogGenerator.Generate(logs, new LogGeneratorOptions { SizeMegabytes = size, Files = 1 });
        Directory.CreateDirectory(traces);
        await OtlpTraceConverter.ConvertAsync([logs], Path.Combine(traces, "traces.jsonl")).ConfigureAwait(false);
        static long Bytes(string folder) => Directory.GetFiles(folder).Sum(f => new FileInfo(f).Length);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"convert-otlp: {Bytes(logs) / 1e6:0.0} MB of JSON lines in {logs}, {Bytes(traces) / 1e6:0.0} MB of OTLP JSON in {traces}"));
        return 0;
    }
}
