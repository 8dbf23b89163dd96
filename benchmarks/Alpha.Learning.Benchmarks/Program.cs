using Alpha.Learning.Benchmarks;
using BenchmarkDotNet.Running;

if (args.Length > 0 && args[0] == "throughput")
{
    return await ThroughputCommand.RunAsync(args[1..]).ConfigureAwait(false);
}

BenchmarkSwitcher.FromAssembly(typeof(ThroughputCommand).Assembly).Run(args);
return 0;
