using System.Diagnostics;
using System.Globalization;

using Alpha.Learning.Analysis;
using Alpha.Learning.LogGenerator;
using Alpha.Learning.Logs;

namespace Alpha.Learning.Benchmarks;

/// <summary>
/// Whole-process throughput of the log source:
/// <c>throughput --logs DIR [--parallel N] [--repeat N] [--analyze]</c> (<c>--analyze</c>: the six detectors too), or <c>--generate-mb N</c> to make the logs first
/// (in a temp folder, deleted afterwards). Prints MB/s, events/s, allocated bytes per event and peak working set.
/// </summary>
internal static class ThroughputCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? logs = null;
        var parallel = Math.Clamp(Environment.ProcessorCount, 1, 4);
        var repeat = 3;
        double generate = 0;
        var files = 4;
        var analyze = false;
        var withoutRegression = false; // --without-regression: the six threshold detectors only, to measure what the baseline-relative one adds
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--logs": logs = args[++i]; break;
                case "--parallel": parallel = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--repeat": repeat = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--generate-mb": generate = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--files": files = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--analyze": analyze = true; break;
                case "--without-regression": withoutRegression = true; break;
                default:
                    await Console.Error.WriteLineAsync($"unknown argument '{args[i]}'; usage: throughput (--logs DIR | --generate-mb N [--files N]) [--parallel N] [--repeat N] [--analyze]").ConfigureAwait(false);
                    return 2;
            }
        }

        string? temp = null;
        if (logs is null)
        {
            if (generate <= 0)
            {
                await Console.Error.WriteLineAsync("give --logs DIR or --generate-mb N").ConfigureAwait(false);
                return 2;
            }

            temp = logs = Path.Combine(Path.GetTempPath(), "alpha-throughput-" + Guid.NewGuid().ToString("N"));
            ExecutionLogGenerator.Generate(logs, new LogGeneratorOptions { SizeMegabytes = generate, Files = files });
        }

        try
        {
            var source = new JsonLinesLogSource(new JsonLinesLogSourceOptions { MaxParallelism = parallel });
            Console.WriteLine($"logs: {logs}  parallelism: {parallel}  processors: {Environment.ProcessorCount}");
            for (var run = 1; run <= repeat; run++)
            {
                GC.Collect();
                var gen0Before = GC.CollectionCount(0);
                var gen1Before = GC.CollectionCount(1);
                var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
                var stats = new LogReadStatistics();
                var watch = Stopwatch.StartNew();
                long checksum = 0;
                if (analyze)
                {
                    var result = await (withoutRegression
                        ? new LogAnalyzer(source, LogAnalyzer.CreateDefaultDetectors().Where(d => d.Name != "regression"), Microsoft.Extensions.Options.Options.Create(new AnalysisOptions()), TimeProvider.System)
                        : LogAnalyzer.Create(source)).AnalyzeLogsAsync(new LogQuery { Paths = [logs] }, stats, CancellationToken.None).ConfigureAwait(false);
                    checksum = result.Patterns.Count * 1000L + result.Recommendations.Count;
                }
                else
                {
                    await foreach (var e in source.ReadAsync(new LogQuery { Paths = [logs] }, stats).ConfigureAwait(false))
                    {
                        checksum += (int)e.Kind;
                    }
                }

                watch.Stop();
                var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
                var seconds = watch.Elapsed.TotalSeconds;
                using var process = Process.GetCurrentProcess();
                process.Refresh();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"run {run}: {stats.Bytes / 1e6:0.0} MB, {stats.Events:N0} events in {seconds:0.000} s = {stats.Bytes / 1e6 / seconds:0.0} MB/s, {stats.Events / seconds:N0} events/s, {allocated / (double)Math.Max(1, stats.Events):0} B allocated/event, peak working set {process.PeakWorkingSet64 / 1048576.0:0} MiB, GCs gen0 {GC.CollectionCount(0) - gen0Before} gen1 {GC.CollectionCount(1) - gen1Before}, pause {GC.GetTotalPauseDuration().TotalMilliseconds:0} ms total, checksum {checksum}"));
            }

            return 0;
        }
        finally
        {
            if (temp is not null)
            {
                Directory.Delete(temp, recursive: true);
            }
        }
    }
}
