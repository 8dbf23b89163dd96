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

BenchmarkSwitcher.FromAssembly(typeof(ThroughputCommand).Assembly).Run(args);
return 0;
