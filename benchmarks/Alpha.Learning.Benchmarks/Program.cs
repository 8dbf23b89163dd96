using Alpha.Learning.Benchmarks;

using BenchmarkDotNet.Running;

if (args.Length > 0 && args[0] == "throughput")
{
    return await ThroughputCommand.RunAsync(args[1..]).ConfigureAwait(false);
}

if (args.Length > 0 && args[0] == "convert-otlp")
{
    return await ConvertOtlpCommand.RunAsync(args[1..]).ConfigureAwait(false);
}

if (args.Length > 0 && args[0] == "regression-eval")
{
    return RegressionEvalCommand.Run(args[1..]);
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(ThroughputCommand).Assembly).Run(args);

// A benchmark that threw (for example the PostgreSQL ones without a server) fails the run, so CI sees it.
var failed = summaries.SelectMany(s => s.Reports).Where(r => !r.Success).Select(r => r.BenchmarkCase.DisplayInfo).ToList();
if (failed.Count > 0 || summaries.Any(s => s.HasCriticalValidationErrors))
{
    await Console.Error.WriteLineAsync($"{failed.Count} benchmark(s) failed (see their log above): {string.Join("; ", failed)}").ConfigureAwait(false);
    return 1;
}

return 0;
