using System.Diagnostics;
using System.Globalization;

using Xunit.Abstractions;

namespace Alpha.Learning.Tests.Improvements;

/// <summary>Shared configuration texts and the crasher child process.</summary>
internal static class ConfigFixtures
{
    public const string Realistic =
        "# Agent host configuration\n" +
        "# Edited by people and by Alpha.Learning.\n" +
        "\n" +
        "tasks:\n" +
        "  timeouts:\n" +
        "    web_research: 30   # seconds\n" +
        "    summarize: 45.0\n" +
        "  # default concurrency\n" +
        "  concurrency: 4\n" +
        "\n" +
        "tools:\n" +
        "  search:\n" +
        "    timeout: 10\n" +
        "    cache:\n" +
        "      enabled: false   # turned off during the migration\n" +
        "      ttl_seconds: 300\n" +
        "  fetch:\n" +
        "    timeout: 20\n" +
        "    retries: [1, 2, 4]\n" +
        "\n" +
        "models:\n" +
        "  routing:\n" +
        "    summarize: 'gpt-4o'\n" +
        "    web_research: \"claude-3-5-sonnet\"\n" +
        "  fallback: gpt-4o-mini\n" +
        "\n" +
        "error_handling:\n" +
        "  retry:\n" +
        "    TimeoutError:\n" +
        "      max_attempts: 3\n" +
        "      backoff_seconds: 1.5\n" +
        "\n" +
        "model_routing:\n" +
        "  summarize: gpt-4o   # the model each task type is routed to\n";

    private static readonly Lazy<string> CrasherPath = new(() => ChildProcesses.FindOrBuild("Alpha.Learning.ConfigCrasher"), LazyThreadSafetyMode.ExecutionAndPublication);

    public static bool LongRun => Environment.GetEnvironmentVariable("ALPHA_LONG_TESTS") == "1";

    /// <summary>Starts the crasher child process with <c>dotnet</c>.</summary>
    public static Process StartCrasher(string mode, string config)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(CrasherPath.Value);
        info.ArgumentList.Add(mode);
        info.ArgumentList.Add(config);
        info.Environment["DOTNET_TieredPGO"] = "0";
        info.Environment["DOTNET_TC_QuickJitForLoops"] = "1";
        return Process.Start(info)!;
    }

    /// <summary>
    /// Reads a config file in the crasher child process, so a stack overflow or a runaway shows as a crash or a timeout,
    /// checks that it ended on its own, without crashing, within 2 seconds and under 300 MB, and returns its outcome
    /// (<c>ok</c> or <c>refused &lt;error&gt;</c>).
    /// </summary>
    public static async Task<string> ReadInChildProcessAsync(string path, ITestOutputHelper output)
    {
        using var child = StartCrasher("read", path);
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        var exited = child.WaitForExit(TimeSpan.FromSeconds(30));
        if (!exited)
        {
            child.Kill();
        }

        exited.Should().BeTrue("a hostile file must be refused quickly");
        child.ExitCode.Should().Be(0, $"the child must not crash (stderr: {await stderr})");
        var parts = (await stdout).Trim().Split(' ');
        output.WriteLine($"{Path.GetFileName(path)}: {string.Join(' ', parts)} (outcome, ms, peak working set MB); {await stderr}");
        int.Parse(parts[^2], CultureInfo.InvariantCulture).Should().BeLessThan(2000, "refusal is quick");
        int.Parse(parts[^1], CultureInfo.InvariantCulture).Should().BeLessThan(300, "memory stays bounded");
        return string.Join(' ', parts[..^2]);
    }
}
