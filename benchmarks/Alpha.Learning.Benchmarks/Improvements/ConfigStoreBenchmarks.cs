using System.Globalization;
using System.Text;

using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;

using BenchmarkDotNet.Attributes;

namespace Alpha.Learning.Benchmarks.Improvements;

/// <summary>
/// Plan and apply of one change to a 1 MB commented configuration file, YAML or <c>appsettings.json</c> of the same
/// shape (read, pre-scan, parse, splice, re-parse, verify, compare-and-swap, atomic write with flush), then the inverse,
/// so every iteration starts from the same file. Target (issue 17): under 50 ms for one plan-and-apply of the JSON file.
/// </summary>
[MemoryDiagnoser]
public class ConfigStoreBenchmarks
{
    private string _folder = string.Empty;
    private IConfigStore _store = null!;
    private string _value = string.Empty;
    private string _member = string.Empty;

    /// <summary>Gets or sets the file format.</summary>
    [Params("json", "yaml")]
    public string Format { get; set; } = "json";

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "alpha-bench-config-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        const int size = 1_000_000;
        if (Format == "json")
        {
            var path = Path.Combine(_folder, "appsettings.json");
            File.WriteAllText(path, BuildAppSettings(size));
            _store = new JsonConfigStore(new JsonConfigStoreOptions { Path = path, MaxBytes = 2 * 1024 * 1024 });
            _value = "Agent:Tools:tool_0500:TimeoutSeconds";
            _member = "Agent:Retry:HttpRequestException:MaxRetryAttempts";
        }
        else
        {
            var path = Path.Combine(_folder, "agent.yaml");
            File.WriteAllText(path, BuildYaml(size));
            _store = new YamlConfigStore(new YamlConfigStoreOptions { Path = path, MaxBytes = 2 * 1024 * 1024 });
            _value = "agent.tools.tool_0500.timeout_seconds";
            _member = "agent.retry.http_request_exception.max_retry_attempts";
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    /// <summary>One change planned and applied, then its inverse planned and applied (two plan-and-applies).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = 2)]
    public async Task PlanAndApplyOneChange()
    {
        await PlanAndApplyAsync(new ConfigChange { Path = _value, OldValue = 30L, NewValue = 45L }).ConfigureAwait(false);
        await PlanAndApplyAsync(new ConfigChange { Path = _value, OldValue = 45L, NewValue = 30L }).ConfigureAwait(false);
    }

    /// <summary>A new member added (with its missing parent) and removed again.</summary>
    [Benchmark(OperationsPerInvoke = 2)]
    public async Task PlanAndApplyNewMember()
    {
        await PlanAndApplyAsync(new ConfigChange { Path = _member, NewValue = 3L }).ConfigureAwait(false);
        await PlanAndApplyAsync(new ConfigChange { Path = _member, OldValue = 3L, NewValue = 3L, RemoveKey = true }).ConfigureAwait(false);
    }

    /// <summary>A realistic appsettings.json of about <paramref name="size"/> bytes: comments, trailing commas, nested tool sections.</summary>
    internal static string BuildAppSettings(int size) => Build(
        size,
        "{\n  // Agent host settings\n  \"Logging\": { \"LogLevel\": { \"Default\": \"Information\" } },\n  \"Agent\": {\n    \"Tools\": {\n",
        name => $"      // {name}: settings people tuned by hand\n      \"{name}\": {{\n        \"TimeoutSeconds\": 30, /* seconds */\n        \"MaxRetries\": 2,\n"
            + $"        \"Endpoint\": \"https://{name}.example/api\",\n        \"Tags\": [ \"search\", \"web\", \"v2\" ],\n      }},\n",
        "    },\n    \"Routing\": { \"summarize\": \"gpt-4o\" }\n  }\n}\n");

    /// <summary>A commented YAML file of about <paramref name="size"/> bytes shaped like <see cref="BuildAppSettings"/>.</summary>
    internal static string BuildYaml(int size) => Build(
        size,
        "# Agent host settings\nlogging:\n  level: information\nagent:\n  tools:\n",
        name => $"    # {name}: settings people tuned by hand\n    {name}:\n      timeout_seconds: 30 # seconds\n      max_retries: 2\n"
            + $"      endpoint: \"https://{name}.example/api\"\n      tags: [search, web, v2]\n",
        "  routing:\n    summarize: gpt-4o\n");

    /// <summary>A head, one section per tool (<c>tool_0000</c>, <c>tool_0001</c>, …) until about <paramref name="size"/> bytes, and a tail.</summary>
    private static string Build(int size, string head, Func<string, string> tool, string tail)
    {
        var builder = new StringBuilder(head);
        for (var i = 0; builder.Length < size - 200; i++)
        {
            builder.Append(tool("tool_" + i.ToString("D4", CultureInfo.InvariantCulture)));
        }

        return builder.Append(tail).ToString();
    }

    private async Task PlanAndApplyAsync(ConfigChange change)
    {
        var plan = await _store.PlanAsync([change]).ConfigureAwait(false);
        var result = await _store.ApplyAsync(plan).ConfigureAwait(false);
        if (result.Status != ConfigWriteStatus.Applied)
        {
            throw new InvalidOperationException($"The change of '{change.Path}' was not applied: {result.Message}");
        }
    }
}
