using System.Diagnostics;
using System.Text;

using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;

using Xunit.Abstractions;

namespace Alpha.Learning.Tests.Improvements;

/// <summary>Kills a child process applying changes in a loop (SIGKILL) at random points and checks the invariants.</summary>
public sealed class YamlConfigStoreCrashTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ApplyAsync_KilledAtRandomPoints_FileIsAlwaysOldOrNewAndRecoveryLeavesNoTempFiles()
    {
        using var folder = new TempFolder();
        var path = folder.Write("agent.yaml", ConfigFixtures.Realistic);
        var versionA = Encoding.UTF8.GetBytes(ConfigFixtures.Realistic);
        var store = new YamlConfigStore(new YamlConfigStoreOptions { Path = path });
        var plan = await store.PlanAsync(
        [
            new ConfigChange { Path = "tasks.timeouts.web_research", OldValue = 30L, NewValue = 60L },
            new ConfigChange { Path = "tools.search.dedupe", NewValue = true },
            new ConfigChange { Path = "models.routing.summarize", OldValue = "gpt-4o", NewValue = "gpt-4o-mini" },
        ]);
        var versionB = plan.NewContent.ToArray();

        var kills = ConfigFixtures.LongRun ? 1000 : 100;
        var random = new Random(20261125);
        var watch = Stopwatch.StartNew();
        var sawA = 0;
        var sawB = 0;
        var orphans = 0;
        for (var i = 0; i < kills; i++)
        {
            using var child = ConfigFixtures.StartCrasher("apply", path);
            var ready = await child.StandardOutput.ReadLineAsync();
            ready.Should().Be("ready", $"the child should start applying (stderr: {await ReadErrorIfExited(child)})");
            var spin = Stopwatch.StartNew();
            var delay = TimeSpan.FromMilliseconds(random.Next(0, 40));
            while (spin.Elapsed < delay)
            {
                Thread.SpinWait(1000);
            }

            child.Kill();
            await child.WaitForExitAsync();

            var bytes = await File.ReadAllBytesAsync(path);
            var isA = bytes.AsSpan().SequenceEqual(versionA);
            var isB = bytes.AsSpan().SequenceEqual(versionB);
            (isA || isB).Should().BeTrue($"after kill {i + 1} the file must be exactly the old or the new version");
            _ = isA ? sawA++ : sawB++;
            (await store.ReadAsync()).Version.Should().NotBeEmpty("the file must parse");

            orphans += await store.RecoverAsync();
            Directory.GetFileSystemEntries(folder.Path).Select(Path.GetFileName).Where(n => n != ".agent.yaml.lock").Should().Equal(["agent.yaml"], "recovery removes every temporary file (the write lock file stays, empty)");
        }

        output.WriteLine($"{kills} kills in {watch.Elapsed.TotalSeconds:F1} s: old version {sawA} times, new version {sawB} times, {orphans} orphan temp files removed by recovery.");
        (sawA + sawB).Should().Be(kills);
    }

    private static async Task<string> ReadErrorIfExited(Process child) =>
        child.HasExited ? await child.StandardError.ReadToEndAsync() : string.Empty;
}
