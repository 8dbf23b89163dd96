using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

using Alpha.Learning.Improvements;
using Alpha.Learning.Loop;
using Alpha.Learning.Storage;

using Xunit.Abstractions;

namespace Alpha.Learning.Tests.Loop;

/// <summary>
/// Two real processes run feedback-loop cycles at once against one store and one config (SAFETY.md: two
/// processes, one store): the quota is exact, nothing is applied twice, and cycles never overlap. Run against every
/// store (subclasses).
/// </summary>
public abstract class TwoProcessCycleTests(ITestOutputHelper output)
{
    private const int MaxDaily = 4;
    private const int SlowTools = 12;
    private const string InitialConfig = "# agent config\ntools:\n  web_search:\n    timeout: 10   # seconds\n";

    private static readonly Lazy<string> RunnerPath = new(() => ChildProcesses.FindOrBuild("Alpha.Learning.LoopRunner"), LazyThreadSafetyMode.ExecutionAndPublication);

    [Fact]
    public async Task RunCycleAsync_TwoProcessesOnOneStoreAndConfig_QuotaExactNothingAppliedTwiceCyclesNeverOverlap()
    {
        var clock = Stopwatch.StartNew();
        using var folder = new TempFolder();
        var config = folder.Write("agent.yaml", InitialConfig);
        var logs = Directory.CreateDirectory(folder.File("logs")).FullName;
        var db = NewDatabase(folder);
        var now = TimeProvider.System.GetUtcNow();
        WriteLogs(Path.Combine(logs, "agent.jsonl"), now);
        var cycles = ConfigFixturesLongRun ? 60 : 15;

        var (first, second) = (Start(db, config, logs, cycles), Start(db, config, logs, cycles));
        try
        {
            // Both load and build their services, then start together.
            (await first.Process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60))).Should().Be("ready");
            (await second.Process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60))).Should().Be("ready");
            await first.Process.StandardInput.WriteLineAsync("go");
            await second.Process.StandardInput.WriteLineAsync("go");
            await first.Process.StandardInput.FlushAsync();
            await second.Process.StandardInput.FlushAsync();
            var outputs = await Task.WhenAll(first.FinishAsync(), second.FinishAsync()).WaitAsync(TimeSpan.FromSeconds(90));

            for (var i = 0; i < 2; i++)
            {
                output.WriteLine($"process {i + 1}: exit {outputs[i].ExitCode}, {outputs[i].Stdout.Trim()} {outputs[i].Stderr.Trim()}");
                outputs[i].ExitCode.Should().Be(0, "process {0} must succeed: {1}", i + 1, outputs[i].Stderr);
            }

            var summaries = outputs.Select(o => Summary(o.Stdout)).ToArray();
            summaries.Sum(s => s["applied"]).Should().Be(MaxDaily, "the processes together apply exactly the quota");

            var store = Open(db);
            using var storeLifetime = (IDisposable)store;

            // Quota exact in the quota day (UTC), and no recommendation applied twice.
            var records = await store.GetImprovementsAsync(null, null, 10_000);
            var applied = records.Where(r => r.AppliedAt is not null).ToList();
            applied.Should().HaveCount(MaxDaily, "{0} distinct recommendations exist and the quota is {1}", SlowTools, MaxDaily);
            applied.Select(r => r.RecommendationId).Should().OnlyHaveUniqueItems();
            applied.Should().OnlyContain(r => r.Status == ImprovementStatus.Applied);
            foreach (var day in applied.Select(r => new DateTimeOffset(r.AppliedAt!.Value.UtcDateTime.Date, TimeSpan.Zero)).Distinct())
            {
                (await store.CountAppliedInWindowAsync(day, day.AddDays(1))).Should().BeLessThanOrEqualTo(MaxDaily);
            }

            if (applied.Select(r => r.AppliedAt!.Value.UtcDateTime.Date).Distinct().Count() == 1)
            {
                var day = new DateTimeOffset(applied[0].AppliedAt!.Value.UtcDateTime.Date, TimeSpan.Zero);
                (await store.CountAppliedInWindowAsync(day, day.AddDays(1))).Should().Be(MaxDaily);
            }

            // Every applied change is in the config exactly once, with its value; the config parses and keeps its comments.
            var text = await File.ReadAllTextAsync(config);
            var values = YearSimulation.ReadConfig(text);
            text.Should().StartWith("# agent config\n").And.Contain("# seconds");
            values.Keys.Where(k => k.StartsWith("tools.", StringComparison.Ordinal) && k.EndsWith(".timeout", StringComparison.Ordinal))
                .Should().HaveCount(MaxDaily + 1, "web_search's timeout and one per applied change");
            foreach (var change in applied.SelectMany(r => r.Changes))
            {
                var tool = change.Path.Split('.')[1];
                CountLines(text, "  " + tool + ":").Should().Be(1, "'{0}' is in the config exactly once", change.Path);
                values.Should().ContainKey(change.Path);
                double.Parse(values[change.Path], NumberStyles.Float, CultureInfo.InvariantCulture)
                    .Should().Be(Convert.ToDouble(change.NewValue, CultureInfo.InvariantCulture), "the file holds what the store recorded for '{0}'", change.Path);
            }

            // Cycles never overlapped: the completed cycles' [start, finish] intervals are disjoint.
            var count = await store.GetCycleCountAsync();
            var runs = new List<CycleRun>();
            for (var n = 1; n <= count; n++)
            {
                runs.Add((await store.GetCycleAsync(n))!);
            }

            var completed = runs.Where(r => r.Status == CycleRunStatus.Completed).OrderBy(r => r.StartedAt).ToList();
            completed.Should().HaveCount(summaries.Sum(s => s["completed"]), "every completed cycle is recorded once");
            runs.Should().OnlyContain(r => r.Status == CycleRunStatus.Completed);
            completed.Select(r => r.Owner).Distinct().Should().HaveCount(2, "both processes ran cycles (a real race, not one after the other)");
            for (var i = 1; i < completed.Count; i++)
            {
                completed[i - 1].FinishedAt.Should().NotBeNull();
                completed[i - 1].FinishedAt!.Value.Should().BeOnOrBefore(
                    completed[i].StartedAt,
                    "cycle {0} ({1}) ended at {2:O} and cycle {3} ({4}) started at {5:O}",
                    completed[i - 1].CycleNumber,
                    completed[i - 1].Owner,
                    completed[i - 1].FinishedAt,
                    completed[i].CycleNumber,
                    completed[i].Owner,
                    completed[i].StartedAt);
            }

            output.WriteLine($"cycles recorded {count} (completed {completed.Count}), skipped {summaries.Sum(s => s["skipped"])}, applied {applied.Count}, runtime {clock.Elapsed.TotalSeconds:0.0} s");
        }
        finally
        {
            first.Kill();
            second.Kill();
            Release(db);
        }
    }

    /// <summary>Names the database the two processes share: a SQLite file in <paramref name="folder"/>, or a PostgreSQL schema.</summary>
    protected abstract string NewDatabase(TempFolder folder);

    /// <summary>Opens a store on the database in this process, to check what the processes left.</summary>
    protected abstract ILearningStore Open(string database);

    /// <summary>The loop runner's arguments naming the database.</summary>
    protected abstract IEnumerable<string> RunnerArguments(string database);

    /// <summary>Lets go of the database at the end (pooled connections, a schema).</summary>
    protected abstract void Release(string database);

    private static bool ConfigFixturesLongRun => Environment.GetEnvironmentVariable("ALPHA_LONG_TESTS") == "1";

    /// <summary>Twelve slow tools over the last two days (each a distinct safe recommendation), plus normal traffic.</summary>
    private static void WriteLogs(string file, DateTimeOffset now)
    {
        var lines = new StringBuilder();
        var random = new Random(42);
        var start = now.AddDays(-2);
        for (var t = 0; t < SlowTools; t++)
        {
            var tool = string.Create(CultureInfo.InvariantCulture, $"tool_{(char)('a' + t)}");
            for (var i = 0; i < 30; i++)
            {
                Line(lines, "tool_execution", start.AddMinutes((t * 97) + (i * 90)), $"t-{t}-{i}", tool, 6 + (3 * random.NextDouble()));
            }
        }

        for (var i = 0; i < 60; i++)
        {
            Line(lines, "tool_execution", start.AddMinutes(i * 45), $"w-{i}", "web_search", 1 + random.NextDouble());
        }

        File.WriteAllText(file, lines.ToString());

        static void Line(StringBuilder lines, string kind, DateTimeOffset at, string taskId, string tool, double seconds) =>
            lines.Append(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["event"] = kind,
                ["timestamp"] = at.ToString("O", CultureInfo.InvariantCulture),
                ["task_id"] = taskId,
                ["tool_name"] = tool,
                ["duration"] = Math.Round(seconds, 3),
                ["success"] = true,
            })).Append('\n');
    }

    private static int CountLines(string text, string line) =>
        text.Split('\n').Count(l => l.StartsWith(line, StringComparison.Ordinal) && l.TrimEnd() == line);

    private static Dictionary<string, int> Summary(string stdout)
    {
        var last = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last();
        return last.Split(' ').Select(p => p.Split('=')).ToDictionary(p => p[0], p => int.Parse(p[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
    }

    private Runner Start(string db, string config, string logs, int cycles)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(RunnerPath.Value);
        foreach (var arg in RunnerArguments(db).Concat(["--config", config, "--logs", logs, "--max-daily", MaxDaily.ToString(CultureInfo.InvariantCulture), "--max-per-cycle", "1", "--cycles", cycles.ToString(CultureInfo.InvariantCulture), "--wait-go"]))
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_TieredPGO"] = "0";
        var process = Process.Start(info)!;
        return new Runner(process, process.StandardError.ReadToEndAsync());
    }

    private sealed record Runner(Process Process, Task<string> Stderr)
    {
        public async Task<(int ExitCode, string Stdout, string Stderr)> FinishAsync()
        {
            var stdout = await Process.StandardOutput.ReadToEndAsync();
            await Process.WaitForExitAsync();
#pragma warning disable VSTHRD003 // the read of the child's stderr that Start began
            return (Process.ExitCode, stdout, await Stderr);
#pragma warning restore VSTHRD003
        }

        public void Kill()
        {
            try
            {
                if (!Process.HasExited)
                {
                    Process.Kill(entireProcessTree: true);
                }
            }
            catch (InvalidOperationException)
            {
            }

            Process.Dispose();
        }
    }
}
