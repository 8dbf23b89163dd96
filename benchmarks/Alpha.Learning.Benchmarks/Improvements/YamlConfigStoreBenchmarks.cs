using System.Globalization;
using System.Text;

using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;

using BenchmarkDotNet.Attributes;

namespace Alpha.Learning.Benchmarks.Improvements;

/// <summary>
/// The same protocol on a 1 MB commented YAML file shaped like the JSON benchmark's (read, pre-scan, parse, splice,
/// re-parse, verify, compare-and-swap, atomic write with flush), then the inverse. No target; measured beside the JSON one.
/// </summary>
[MemoryDiagnoser]
public class YamlConfigStoreBenchmarks
{
    private string _folder = string.Empty;
    private YamlConfigStore _store = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "alpha-bench-yaml-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, "agent.yaml");
        File.WriteAllText(path, BuildConfig(1_000_000));
        _store = new YamlConfigStore(new YamlConfigStoreOptions { Path = path, MaxBytes = 2 * 1024 * 1024 });
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    /// <summary>One change planned and applied, then its inverse planned and applied (two plan-and-applies).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = 2)]
    public async Task PlanAndApplyOneChange()
    {
        var plan = await _store.PlanAsync([new ConfigChange { Path = "agent.tools.tool_0500.timeout_seconds", OldValue = 30L, NewValue = 45L }]).ConfigureAwait(false);
        await _store.ApplyAsync(plan).ConfigureAwait(false);
        var back = await _store.PlanAsync([new ConfigChange { Path = "agent.tools.tool_0500.timeout_seconds", OldValue = 45L, NewValue = 30L }]).ConfigureAwait(false);
        await _store.ApplyAsync(back).ConfigureAwait(false);
    }

    /// <summary>A commented YAML file of about <paramref name="size"/> bytes with nested tool sections.</summary>
    internal static string BuildConfig(int size)
    {
        var builder = new StringBuilder("# Agent host settings\nlogging:\n  level: information\nagent:\n  tools:\n");
        for (var i = 0; builder.Length < size - 200; i++)
        {
            var name = "tool_" + i.ToString("D4", CultureInfo.InvariantCulture);
            builder.Append("    # ").Append(name).Append(": settings people tuned by hand\n")
                .Append("    ").Append(name).Append(":\n")
                .Append("      timeout_seconds: 30 # seconds\n")
                .Append("      max_retries: 2\n")
                .Append("      endpoint: \"https://").Append(name).Append(".example/api\"\n")
                .Append("      tags: [search, web, v2]\n");
        }

        return builder.Append("  routing:\n    summarize: gpt-4o\n").ToString();
    }
}
