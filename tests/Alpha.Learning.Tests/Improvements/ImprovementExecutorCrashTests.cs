using System.Diagnostics;

using Alpha.Learning.Improvements;
using Alpha.Learning.Storage;

using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

using Xunit.Abstractions;

using static Alpha.Learning.Tests.Improvements.ExecutorFixtures;

namespace Alpha.Learning.Tests.Improvements;

/// <summary>
/// The executor across processes: a child applying through it is killed (SIGKILL) at random points and recovery must
/// make the store and the file agree; two executors over one database never exceed the quota or apply twice.
/// </summary>
public sealed class ImprovementExecutorCrashTests(ITestOutputHelper output)
{
    internal static readonly Lazy<string> CrasherPath = new(() => ChildProcesses.FindOrBuild("Alpha.Learning.ExecutorCrasher"), LazyThreadSafetyMode.ExecutionAndPublication);

    [Fact]
    public async Task RecoverAsync_ChildKilledAtRandomPointsWhileApplying_StoreAndFileAgree()
    {
        using var folder = new TempFolder();
        var config = folder.Write("agent.yaml", ConfigFixtures.Realistic);
        var db = folder.File("learning.db");
        var kills = ConfigFixtures.LongRun ? 500 : 50;
        var random = new Random(20261126);
        var watch = Stopwatch.StartNew();
        var reconciled = 0;
        var aborted = 0;
        var temps = 0;
        try
        {
            var configStore = new YamlConfigStore(new YamlConfigStoreOptions { Path = config });
            using var store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = db });
            var executor = Executor(configStore, store, TimeProvider.System, new ImprovementExecutorOptions { RecoveryGracePeriod = TimeSpan.Zero });
            for (var i = 0; i < kills; i++)
            {
                using (var child = StartCrasher(config, db, "k" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                {
                    var ready = await child.StandardOutput.ReadLineAsync();
                    ready.Should().Be("ready", $"the child should start applying (stderr: {(child.HasExited ? await child.StandardError.ReadToEndAsync() : string.Empty)})");
                    var spin = Stopwatch.StartNew();
                    var delay = TimeSpan.FromMilliseconds(random.Next(0, 30));
                    while (spin.Elapsed < delay)
                    {
                        Thread.SpinWait(1000);
                    }

                    child.Kill();
                    await child.WaitForExitAsync();
                }

                var recovery = await executor.RecoverAsync();
                reconciled += recovery.Reconciled;
                aborted += recovery.Aborted;
                temps += recovery.TempFilesRemoved;

                var snapshot = await configStore.ReadAsync();
                var records = await store.GetImprovementsAsync(limit: 100_000);
                records.Should().NotContain(r => r.Status == ImprovementStatus.Applying, $"recovery settles every apply (kill {i + 1})");
                foreach (var record in records)
                {
                    var path = record.Changes.Single().Path;
                    var has = snapshot.TryGetValue(path, out var value);
                    if (record.Status == ImprovementStatus.Applied)
                    {
                        has.Should().BeTrue($"'{record.Id}' is recorded applied, so the file must have {path} (kill {i + 1})");
                        value.Should().Be(30L);
                        (await store.GetPathChangesAsync(path, DateTimeOffset.MinValue)).Should().ContainSingle($"the applied change of {path} is in the history once");
                    }
                    else
                    {
                        record.Status.Should().Be(ImprovementStatus.Failed);
                        has.Should().BeFalse($"'{record.Id}' is recorded {EnumNames.ToName(record.Status)}, so the file must not have {path} (kill {i + 1}): {record.Reason}");
                    }
                }

                Directory.GetFiles(folder.Path).Select(Path.GetFileName).Where(n => n!.EndsWith(".tmp", StringComparison.Ordinal))
                    .Should().BeEmpty("recovery removes every temporary file");
            }

            var total = (await store.GetImprovementsAsync(ImprovementStatus.Applied, limit: 100_000)).Count;
            output.WriteLine($"{kills} kills in {watch.Elapsed.TotalSeconds:F1} s: {total} applied, {reconciled} reconciled as applied, {aborted} aborted, {temps} temp files removed.");
            total.Should().BeGreaterThanOrEqualTo(kills, "every child applies at least once before it is killed");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
        }
    }

    [Fact]
    public async Task ApplyRecommendationAsync_TwoExecutorsOnOneDatabaseConcurrently_QuotaExactAndNothingAppliedTwice()
    {
        for (var round = 0; round < 3; round++)
        {
            using var folder = new TempFolder();
            var config = folder.Write("agent.yaml", ConfigFixtures.Realistic);
            var db = folder.File("learning.db");
            var time = new FakeTimeProvider(Start);
            var options = new ImprovementExecutorOptions { MaxDailyImprovements = 5 };
            IReadOnlyList<ImprovementResult> results;
            IReadOnlyList<ImprovementRecord> stored;
            using (var storeA = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = db }))
            using (var storeB = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = db }))
            {
                var a = Executor(new YamlConfigStore(new YamlConfigStoreOptions { Path = config }), storeA, time, options);
                var b = Executor(new YamlConfigStore(new YamlConfigStoreOptions { Path = config }), storeB, time, options);
                var recommendations = Enumerable.Range(0, 12).Select(i => Timeout("rec-" + i, "t" + i, 30L)).ToArray();

                results = await Task.WhenAll(recommendations.SelectMany(r => new[]
                {
                    Task.Run(() => a.ApplyRecommendationAsync(r)),
                    Task.Run(() => b.ApplyRecommendationAsync(r)),
                }));
                stored = await storeA.GetImprovementsAsync(limit: 1000);
            }

            SqliteConnection.ClearAllPools();
            var applied = stored.Where(r => r.Status == ImprovementStatus.Applied).ToArray();
            applied.Length.Should().BeInRange(1, 5, "the quota is 5");
            applied.GroupBy(r => r.RecommendationId).Should().OnlyContain(g => g.Count() == 1, "no recommendation is applied twice");
            results.Count(r => r.Outcome == ImprovementOutcome.Applied).Should().Be(applied.Length);
            results.Should().OnlyContain(r => r.Outcome == ImprovementOutcome.Applied || r.Outcome == ImprovementOutcome.AlreadyApplied || r.Outcome == ImprovementOutcome.QuotaExceeded || r.Outcome == ImprovementOutcome.Conflict);

            var snapshot = await new YamlConfigStore(new YamlConfigStoreOptions { Path = config }).ReadAsync();
            var inFile = Enumerable.Range(0, 12).Select(i => "rec-" + i).Where(id => snapshot.TryGetValue("tasks.timeouts.t" + id[4..], out _)).ToArray();
            inFile.Should().BeEquivalentTo(applied.Select(r => r.RecommendationId), "the file has exactly the applied changes");
            output.WriteLine($"round {round}: {applied.Length} applied, {results.Count(r => r.Outcome == ImprovementOutcome.Conflict)} conflicts, {results.Count(r => r.Outcome == ImprovementOutcome.AlreadyApplied)} already applied, {results.Count(r => r.Outcome == ImprovementOutcome.QuotaExceeded)} over quota");
        }
    }

    private static Process StartCrasher(string config, string db, string prefix)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { CrasherPath.Value, "apply", config, db, prefix })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DOTNET_TieredPGO"] = "0";
        return Process.Start(info)!;
    }
}
