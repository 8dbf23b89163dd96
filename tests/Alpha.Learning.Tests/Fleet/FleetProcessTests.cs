using System.Diagnostics;
using System.Globalization;

using Alpha.Learning.Analysis;
using Alpha.Learning.Fleet.Internal;
using Alpha.Learning.Improvements;
using Alpha.Learning.Logs;
using Alpha.Learning.Loop;
using Alpha.Learning.Storage;
using Alpha.Learning.Tests.Loop;
using Alpha.Learning.Tests.Storage;

using Microsoft.Extensions.DependencyInjection;

using Xunit.Abstractions;

namespace Alpha.Learning.Tests.Fleet;

/// <summary>
/// Four real processes, each with its own log folder, run fleet cycles on one PostgreSQL store and one config while the
/// instance holding the cycle lease is killed at random moments (and started again, as a supervisor would): the quota is
/// exact, nothing is applied twice, cycles never overlap, every interrupted cycle and apply is settled, and the merged
/// pattern counts equal those of one analysis over all the logs.
/// </summary>
[Collection(nameof(FleetProcessTests))]
public sealed class FleetProcessTests(ITestOutputHelper output)
{
    private const int Instances = 4;
    private const int TargetCycles = 30;
    private const int MaxDaily = 4;
    private const int SlowMin = 20;
    private const string InitialConfig = "# agent config\ntools:\n  web_search:\n    timeout: 10   # seconds\n";

    private static readonly Lazy<string> RunnerPath = new(() => ChildProcesses.FindOrBuild("Alpha.Learning.LoopRunner"), LazyThreadSafetyMode.ExecutionAndPublication);

    // Bounded for CI: an instance re-reads its logs only when they changed, polls the lease with a few queries, and a cycle
    // stops planning once the daily quota is spent, so the four runners finish the 30 cycles in well under two minutes
    // on a 2-core machine (86 to 117 s measured here at a load average of 20 to 40; the runtime is in the output).
    [Fact]
    public async Task Fleet_FourProcessesLeaderKilledAtRandom_QuotaExactNoDuplicateNoOverlapAllReconciledCountsMerged()
    {
        var clock = Stopwatch.StartNew();
        using var folder = new TempFolder();
        var config = folder.Write("agent.yaml", InitialConfig);
        var now = TimeProvider.System.GetUtcNow();
        var seed = 1 + (int)(now.UtcTicks % 1000);
        output.WriteLine($"seed {seed}");
        var parts = FleetWorkload.Generate(seed, Instances, 1_500, now.AddDays(-2), TimeSpan.FromDays(2) - TimeSpan.FromMinutes(5));
        FleetLogFiles.AddSlowTools(parts, seed, tools: 10, calls: 2 * SlowMin, now.AddDays(-2));
        var logFolders = new string[Instances];
        for (var i = 0; i < Instances; i++)
        {
            logFolders[i] = Directory.CreateDirectory(folder.File($"logs-{i}")).FullName;
            FleetLogFiles.Write(Path.Combine(logFolders[i], "agent.jsonl"), parts[i]);
        }

        var schema = PostgresTestStore.NewSchema();
        using var store = PostgresTestStore.Create(schema);
        await store.InitializeAsync();
        var random = new Random(seed);
        var running = new Runner?[Instances];
        var kills = 0;
        var killedMidCycle = new List<(string Owner, long Cycle)>();
        try
        {
            for (var i = 0; i < Instances; i++)
            {
                running[i] = Runner.Start(RunnerPath.Value, schema, config, logFolders[i], Name(i));
            }

            // Kill whichever instance holds the lease, at random moments, and start it again; stop killing near the end so
            // the last interrupted cycle is taken over by a live instance.
            // The bound is a hang detector for a loaded machine; on an idle 2-core machine the run takes well under a minute.
            while (clock.Elapsed < TimeSpan.FromSeconds(240) && running.Any(r => r is { HasExited: false }))
            {
                await Task.Delay(random.Next(100, 900));
                if (kills >= 8 || await CompletedAsync(store) >= TargetCycles - 6)
                {
                    continue;
                }

                // The leader is killed only while its cycle runs (a running cycle owned by it in the store).
                var lease = await store.GetLeaseAsync("feedback-loop-cycle");
                var holder = lease is null ? -1 : Array.FindIndex(running, r => r is not null && lease.Owner.Contains($"/{r.ProcessId}/", StringComparison.Ordinal));
                var cycle = lease is null ? null : (await store.GetRunningCyclesAsync()).FirstOrDefault(r => r.Owner == lease.Owner);
                if (holder >= 0 && cycle is not null && !running[holder]!.HasExited)
                {
                    running[holder]!.Kill();
                    kills++;
                    var state = await store.GetCycleAsync(cycle.CycleNumber);
                    var midCycle = state?.Status is CycleRunStatus.Running or CycleRunStatus.Interrupted; // not finished by itself
                    if (midCycle)
                    {
                        killedMidCycle.Add((lease!.Owner, cycle.CycleNumber));
                    }

                    output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: killed the leader {Name(holder)} (pid {running[holder]!.ProcessId}) in cycle {cycle.CycleNumber} ({(midCycle ? "mid-cycle" : "it had just finished")})");
                    running[holder] = Runner.Start(RunnerPath.Value, schema, config, logFolders[holder], Name(holder));
                }
            }

            foreach (var runner in running)
            {
                var (exit, stdout, stderr) = await runner!.FinishAsync().WaitAsync(TimeSpan.FromSeconds(60));
                var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                output.WriteLine($"{runner.Instance}: exit {exit} {string.Join(" ", lines.Skip(Math.Max(0, lines.Length - 2)))} {stderr.Trim()}");
                exit.Should().Be(0, "instance {0} must end well: {1}", runner.Instance, stderr);
            }
        }
        finally
        {
            foreach (var runner in running)
            {
                runner?.Kill();
            }
        }

        // A last start settles what a killed apply left (the grace period of the runners is 2 s).
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var recovery = await RecoverAsync(schema, config);
        output.WriteLine($"kills {kills}, final recovery: {recovery.Reconciled} reconciled, {recovery.Aborted} aborted; runtime {clock.Elapsed.TotalSeconds:0.0} s");
        kills.Should().BeGreaterThan(0, "the test must have killed a leader at least once");

        // Cycles: none left running, never overlapping, at least the target completed.
        var runs = new List<CycleRun>();
        for (var n = 1; n <= await store.GetCycleCountAsync(); n++)
        {
            runs.Add((await store.GetCycleAsync(n))!);
        }

        runs.Should().OnlyContain(r => r.Status == CycleRunStatus.Completed || r.Status == CycleRunStatus.Interrupted, "every interrupted cycle is reconciled");
        runs.Count(r => r.Status == CycleRunStatus.Completed).Should().BeGreaterThanOrEqualTo(TargetCycles);
        var interrupted = runs.Where(r => r.Status == CycleRunStatus.Interrupted).ToList();
        foreach (var run in interrupted)
        {
            output.WriteLine($"cycle {run.CycleNumber} of {run.Owner}: interrupted; {run.Reason}");
        }

        killedMidCycle.Should().NotBeEmpty("at least one leader must have been killed while its cycle ran");
        interrupted.Select(r => r.CycleNumber).Should().BeEquivalentTo(killedMidCycle.Select(k => k.Cycle), "exactly the cycles whose leader was killed mid-cycle are the interrupted ones, each reconciled by a later leader");
        interrupted.Should().OnlyContain(r => ReconciledBy(r) != null && ReconciledBy(r) != r.Owner, "another instance's leader recorded each interrupted cycle");
        var ordered = runs.OrderBy(r => r.StartedAt).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            ordered[i - 1].FinishedAt.Should().NotBeNull();
            ordered[i - 1].FinishedAt!.Value.Should().BeOnOrBefore(ordered[i].StartedAt, "cycle {0} ({1}) and cycle {2} ({3}) must not overlap", ordered[i - 1].CycleNumber, ordered[i - 1].Owner, ordered[i].CycleNumber, ordered[i].Owner);
        }

        // Improvements: nothing half done, the quota exact, nothing applied twice, the file holds what the store says.
        var records = await store.GetImprovementsAsync(null, null, 10_000);
        records.Should().NotContain(r => r.Status == ImprovementStatus.Applying || r.Status == ImprovementStatus.Validating || r.Status == ImprovementStatus.Pending);
        var applied = records.Where(r => r.Status == ImprovementStatus.Applied).ToList();
        applied.Select(r => r.RecommendationId).Should().OnlyHaveUniqueItems("0 duplicate applies");
        applied.Count.Should().BeLessThanOrEqualTo(MaxDaily);
        output.WriteLine($"figures: {runs.Count(r => r.Status == CycleRunStatus.Completed)} cycles completed, {interrupted.Count} interrupted and reconciled, {kills} leaders killed ({killedMidCycle.Count} mid-cycle), {applied.Count} applied (daily quota {MaxDaily}, {recovery.Aborted} aborted by the final recovery), {clock.Elapsed.TotalSeconds:0.0} s");
        if (applied.Select(r => r.AppliedAt!.Value.UtcDateTime.Date).Distinct().Count() <= 1)
        {
            (applied.Count + recovery.Aborted).Should().Be(MaxDaily, "the fleet spends exactly the one daily quota (an apply aborted by recovery gave its slot back too late in the run)");
        }

        var text = await File.ReadAllTextAsync(config);
        var values = YearSimulation.ReadConfig(text);
        foreach (var change in applied.SelectMany(r => r.Changes))
        {
            values.Should().ContainKey(change.Path);
            if (change.NewValue is bool flag)
            {
                values[change.Path].Should().Be(flag ? "true" : "false", "the change to {0} is in the shared config", change.Path); // a tool strategy (deduplicate, cache)
            }
            else
            {
                double.Parse(values[change.Path], NumberStyles.Float, CultureInfo.InvariantCulture).Should().Be(Convert.ToDouble(change.NewValue, CultureInfo.InvariantCulture));
            }
        }

        // The merged evidence of the four instances gives the pattern counts of one analysis over all the logs.
        var options = new AnalysisOptions { SlowMinOccurrences = SlowMin };
        var aggregates = await store.GetFleetAggregatesAsync(now.AddHours(-1));
        aggregates.Select(a => a.Instance).Should().Equal(Enumerable.Range(0, Instances).Select(Name));
        var merged = FleetEvidenceMerger.Merge(aggregates.Select(a => FleetEvidenceFormat.Read(a.Data, a.Instance)), options);
        var fleet = FleetPatterns.Build(merged, options, now);
        var single = await LogAnalyzer.Create(new JsonLinesLogSource(), options).AnalyzeLogsAsync(now.AddDays(-7), null, logFolders);
        Counts(fleet).Should().Equal(Counts(single.Patterns)).And.HaveCountGreaterThan(10);
        merged.Events.Should().Be(single.EventsAnalyzed);
    }

    private static string Name(int i) => $"node-{i}";

    // Every pattern type the fleet merges (all built-in ones but the regression detector's).
    private static Dictionary<string, long> Counts(IEnumerable<LogPattern> patterns) => FleetEvidenceTests.Counts(patterns);

    // The leader named in an interrupted cycle's reason ("… the next cycle's leader (owner) recorded it as interrupted.").
    private static string? ReconciledBy(CycleRun run)
    {
        const string Marker = "the next cycle's leader (";
        var at = run.Reason?.IndexOf(Marker, StringComparison.Ordinal) ?? -1;
        if (at < 0)
        {
            return null;
        }

        var start = at + Marker.Length;
        var end = run.Reason!.IndexOf(") recorded it as interrupted", start, StringComparison.Ordinal);
        return end < 0 ? null : run.Reason[start..end];
    }

    private static Task<long> CompletedAsync(PostgreSqlLearningStore store) => store.CountCyclesAsync(CycleRunStatus.Completed);

    private static async Task<RecoveryResult> RecoverAsync(string schema, string config)
    {
        var services = new ServiceCollection();
        services.AddAlphaLearning(o =>
        {
            o.Config.Path = config;
            o.RecoveryGracePeriod = TimeSpan.FromSeconds(2);
        }).UsePostgreSqlLearningStore(PostgresTestStore.ConnectionString, o => o.Schema = schema);
        await using var provider = services.BuildServiceProvider();
        return await provider.GetRequiredService<ImprovementExecutor>().RecoverAsync();
    }

    private sealed class Runner
    {
        private readonly Process _process;
        private readonly Task<string> _stdout;
        private readonly Task<string> _stderr;

        private Runner(Process process, string instance)
        {
            _process = process;
            Instance = instance;
            _stdout = process.StandardOutput.ReadToEndAsync();
            _stderr = process.StandardError.ReadToEndAsync();
        }

        public string Instance { get; }

        public int ProcessId => _process.Id;

        public bool HasExited => _process.HasExited;

        public static Runner Start(string dll, string schema, string config, string logs, string instance)
        {
            var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[]
            {
                dll, "--db", PostgresTestStore.ConnectionString, "--schema", schema, "--config", config, "--logs", logs, "--instance", instance,
                "--max-daily", MaxDaily.ToString(CultureInfo.InvariantCulture), "--max-per-cycle", "1", "--cycles", "10000",
                "--until-store-cycles", TargetCycles.ToString(CultureInfo.InvariantCulture), "--slow-min", SlowMin.ToString(CultureInfo.InvariantCulture),
                "--recovery-grace-seconds", "2",
            })
            {
                info.ArgumentList.Add(arg);
            }

            return new Runner(Process.Start(info)!, instance);
        }

        public async Task<(int ExitCode, string Stdout, string Stderr)> FinishAsync()
        {
            await _process.WaitForExitAsync();
#pragma warning disable VSTHRD003 // the reads of the child's output that Start began
            return (_process.ExitCode, await _stdout, await _stderr);
#pragma warning restore VSTHRD003
        }

        public void Kill()
        {
            try
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
            catch (InvalidOperationException)
            {
                // already gone
            }
        }
    }
}
