using System.Diagnostics;

using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;

namespace Alpha.Learning.Tests.Improvements;

/// <summary>
/// Issue 14, defect 11: configs written by PyYAML's <c>yaml.dump</c> (PyYAMLConfigs/make.py; every empty dict is
/// <c>{}</c>, and older defaults write short dicts and lists in flow style) get paths set through their flow mappings:
/// only that node is rewritten in block style, every other value stays, and PyYAML itself reads the result back.
/// </summary>
public sealed class YamlFlowMappingTests
{
    private static readonly (string Path, object? Old, object New)[] Edits =
    [
        ("tasks.timeouts.web_research", null, 45L),
        ("models.routing.summarize", null, "gpt-4o-mini"),
        ("error_handling.retry.TimeoutError.max_attempts", null, 5L),
        ("tools.fetch.timeout", null, 30L),
    ];

    public static TheoryData<string> Fixtures() =>
        [.. Directory.GetFiles(Folder, "*.yaml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    private static string Folder => Path.Combine(AppContext.BaseDirectory, "Improvements", "PyYamlConfigs");

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task ApplyAsync_PathsThroughYamlDumpFlowMappings_SetsThemAndKeepsEveryOtherValue(string fixture)
    {
        using var folder = new TempFolder();
        var path = folder.Write("agent.yaml", await File.ReadAllTextAsync(Path.Combine(Folder, fixture)));
        var store = new YamlConfigStore(new YamlConfigStoreOptions { Path = path });
        var before = await store.ReadAsync();

        foreach (var (key, _, value) in Edits)
        {
            before.TryGetValue(key, out var old);
            var plan = await store.PlanAsync([new ConfigChange { Path = key, OldValue = old, NewValue = value }]);
            (await store.ApplyAsync(plan)).Status.Should().Be(ConfigWriteStatus.Applied, $"'{key}' in {fixture}:\n{await File.ReadAllTextAsync(path)}");
        }

        var after = await store.ReadAsync();
        foreach (var (key, _, value) in Edits)
        {
            after.TryGetValue(key, out var found).Should().BeTrue(key);
            found.Should().Be(value, key);
        }

        foreach (var key in before.Paths.Where(k => !Edits.Any(e => e.Path == k)))
        {
            before.TryGetValue(key, out var was);
            after.TryGetValue(key, out var kept).Should().BeTrue($"'{key}' is kept in {fixture}");
            kept.Should().BeEquivalentTo(was, key);
        }

        if (PyYamlLoads(path) is { } loaded)
        {
            // PyYAML's own reading of the edited file: the edited values and the untouched ones.
            loaded.Should().Contain("tasks.timeouts.web_research=45").And.Contain("models.routing.summarize=gpt-4o-mini")
                .And.Contain("error_handling.retry.TimeoutError.max_attempts=5").And.Contain("tools.fetch.timeout=30");
            if (fixture.StartsWith("agent", StringComparison.Ordinal))
            {
                loaded.Should().Contain("tools.search.retries=[1, 2, 4]").And.Contain("models.fallback=gpt-4o-mini").And.Contain("tasks.concurrency=4");
            }
            else
            {
                loaded.Should().Contain("tasks.timeouts.summarize=45.0").And.Contain("models.routing.summarize=gpt-4o-mini").And.Contain("error_handling.retry.TimeoutError.max_attempts=5");
            }
        }
    }

    [Fact]
    public async Task ApplyAsync_EmptyFlowMappingWithAComment_RewritesOnlyThatNode()
    {
        using var folder = new TempFolder();
        var path = folder.Write("agent.yaml", "# host\ntasks:\n  concurrency: 4\n  timeouts: {}   # filled in by people\nmodels:\n  fallback: gpt-4o-mini\n");
        var store = new YamlConfigStore(new YamlConfigStoreOptions { Path = path });

        var plan = await store.PlanAsync([new ConfigChange { Path = "tasks.timeouts.web_research", OldValue = null, NewValue = 45L }]);
        (await store.ApplyAsync(plan)).Status.Should().Be(ConfigWriteStatus.Applied);

        (await File.ReadAllTextAsync(path)).Should().Be("# host\ntasks:\n  concurrency: 4\n  timeouts:   # filled in by people\n    web_research: 45\nmodels:\n  fallback: gpt-4o-mini\n");
    }

    [Fact]
    public async Task ApplyAsync_NestedFlowMapping_RewritesEachMappingOnThePathOnly()
    {
        using var folder = new TempFolder();
        var path = folder.Write("agent.yaml", "tasks: {timeouts: {}, concurrency: 4, names: [a, b]}\n");
        var store = new YamlConfigStore(new YamlConfigStoreOptions { Path = path });

        var plan = await store.PlanAsync([new ConfigChange { Path = "tasks.timeouts.web_research", OldValue = null, NewValue = 45L }]);
        (await store.ApplyAsync(plan)).Status.Should().Be(ConfigWriteStatus.Applied);

        (await File.ReadAllTextAsync(path)).Should().Be("tasks:\n  timeouts:\n    web_research: 45\n  concurrency: 4\n  names: [a, b]\n");
    }

    /// <summary>The edited file as PyYAML reads it (flattened "a.b=value" lines), or null when python3 with PyYAML is not installed.</summary>
    private static string? PyYamlLoads(string path)
    {
        const string Script = """
            import sys, yaml
            def walk(node, prefix):
                if isinstance(node, dict):
                    for k, v in node.items():
                        walk(v, prefix + [str(k)])
                else:
                    print(".".join(prefix) + "=" + str(node))
            walk(yaml.safe_load(open(sys.argv[1], encoding="utf-8")), [])
            """;
        try
        {
            var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(Script);
            start.ArgumentList.Add(path);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0 && error.Contains("No module named 'yaml'", StringComparison.Ordinal))
            {
                return null;
            }

            process.ExitCode.Should().Be(0, $"PyYAML reads the edited file: {error}");
            return output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // No python3.
        }
    }
}
