using System.Globalization;
using System.Text;

using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;

using BenchmarkDotNet.Attributes;

namespace Alpha.Learning.Benchmarks.Improvements;

/// <summary>
/// Plan and apply of one change to a 1 MB commented <c>appsettings.json</c> (read, pre-scan, parse, splice, re-parse,
/// verify, compare-and-swap, atomic write with flush), then the inverse so every iteration starts from the same file.
/// Target (issue 17): under 50 ms for one plan-and-apply.
/// </summary>
[MemoryDiagnoser]
public class JsonConfigStoreBenchmarks
{
    private string _folder = string.Empty;
    private JsonConfigStore _store = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "alpha-bench-json-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, "appsettings.json");
        File.WriteAllText(path, BuildAppSettings(1_000_000));
        _store = new JsonConfigStore(new JsonConfigStoreOptions { Path = path, MaxBytes = 2 * 1024 * 1024 });
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    /// <summary>One change planned and applied, then its inverse planned and applied (two plan-and-applies).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = 2)]
    public async Task PlanAndApplyOneChange()
    {
        var plan = await _store.PlanAsync([new ConfigChange { Path = "Agent:Tools:tool_0500:TimeoutSeconds", OldValue = 30L, NewValue = 45L }]).ConfigureAwait(false);
        await _store.ApplyAsync(plan).ConfigureAwait(false);
        var back = await _store.PlanAsync([new ConfigChange { Path = "Agent:Tools:tool_0500:TimeoutSeconds", OldValue = 45L, NewValue = 30L }]).ConfigureAwait(false);
        await _store.ApplyAsync(back).ConfigureAwait(false);
    }

    /// <summary>A new member added (with its missing parent) and removed again.</summary>
    [Benchmark(OperationsPerInvoke = 2)]
    public async Task PlanAndApplyNewMember()
    {
        var plan = await _store.PlanAsync([new ConfigChange { Path = "Agent:Retry:HttpRequestException:MaxRetryAttempts", NewValue = 3L }]).ConfigureAwait(false);
        await _store.ApplyAsync(plan).ConfigureAwait(false);
        var back = await _store.PlanAsync([new ConfigChange { Path = "Agent:Retry:HttpRequestException:MaxRetryAttempts", OldValue = 3L, NewValue = 3L, RemoveKey = true }]).ConfigureAwait(false);
        await _store.ApplyAsync(back).ConfigureAwait(false);
    }

    /// <summary>A realistic appsettings.json of about <paramref name="size"/> bytes: comments, trailing commas, nested tool sections.</summary>
    internal static string BuildAppSettings(int size)
    {
        var builder = new StringBuilder("{\n  // Agent host settings\n  \"Logging\": { \"LogLevel\": { \"Default\": \"Information\" } },\n  \"Agent\": {\n    \"Tools\": {\n");
        for (var i = 0; builder.Length < size - 200; i++)
        {
            var name = "tool_" + i.ToString("D4", CultureInfo.InvariantCulture);
            builder.Append("      // ").Append(name).Append(": settings people tuned by hand\n")
                .Append("      \"").Append(name).Append("\": {\n")
                .Append("        \"TimeoutSeconds\": 30, /* seconds */\n")
                .Append("        \"MaxRetries\": 2,\n")
                .Append("        \"Endpoint\": \"https://").Append(name).Append(".example/api\",\n")
                .Append("        \"Tags\": [ \"search\", \"web\", \"v2\" ],\n")
                .Append("      },\n");
        }

        return builder.Append("    },\n    \"Routing\": { \"summarize\": \"gpt-4o\" }\n  }\n}\n").ToString();
    }
}
