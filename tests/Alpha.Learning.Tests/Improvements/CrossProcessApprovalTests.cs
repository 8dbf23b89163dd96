using System.Diagnostics;

using Alpha.Learning.Improvements;
using Alpha.Learning.Storage;

using Microsoft.Data.Sqlite;

using Xunit.Abstractions;

using static Alpha.Learning.Tests.Improvements.ExecutorFixtures;

namespace Alpha.Learning.Tests.Improvements;

/// <summary>
/// Issue 14, defect 1: several <c>approve</c> processes at once. Seven child processes approve one improvement each
/// per round, released together; every round every approval must end applied and in the file (no lost update:
/// the store never says applied for a change the file does not hold).
/// </summary>
public sealed class CrossProcessApprovalTests(ITestOutputHelper output)
{
    private const int Approvers = 7;
    private const int Rounds = 100;

    [Fact]
    public async Task ApproveAsync_SevenProcessesApproveAtOnceFor100Rounds_NoLostUpdate()
    {
        using var folder = new TempFolder();
        var config = folder.Write("agent.yaml", ConfigFixtures.Realistic);
        var db = folder.File("learning.db");
        var signals = Directory.CreateDirectory(Path.Combine(folder.Path, "signals")).FullName;
        using (var seed = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = db }))
        {
            await seed.GetCycleCountAsync();
        }

        var children = Enumerable.Range(0, Approvers).Select(i => Start(config, db, signals, i)).ToArray();
        try
        {
            foreach (var child in children)
            {
                (await child.StandardOutput.ReadLineAsync()).Should().Be("ready", await StderrAsync(child));
            }

            var lost = 0;
            var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var round = 0; round < Rounds; round++)
            {
                string[] ids;
                using (var store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = db }))
                {
                    var executor = Executor(new YamlConfigStore(new YamlConfigStoreOptions { Path = config }), store, TimeProvider.System);
                    ids = new string[Approvers];
                    for (var i = 0; i < Approvers; i++)
                    {
                        var queued = await executor.QueueForApprovalAsync(Timeout($"rec-{round}-{i}", $"r{round}_{i}", 30L), "A person decides.", cycleNumber: null);
                        queued.Outcome.Should().Be(ImprovementOutcome.PendingApproval, queued.Reason);
                        ids[i] = queued.Improvement!.Id;
                        await File.WriteAllTextAsync(Path.Combine(signals, $"id-{round}-{i}"), ids[i]);
                    }
                }

                await File.WriteAllTextAsync(Path.Combine(signals, "go-" + round), "go");
                var lines = new string[Approvers];
                for (var i = 0; i < Approvers; i++)
                {
                    var done = Path.Combine(signals, $"done-{round}-{i}");
                    var waited = Stopwatch.StartNew();
                    while (!File.Exists(done))
                    {
                        children[i].HasExited.Should().BeFalse(await StderrAsync(children[i]));
                        waited.Elapsed.Should().BeLessThan(TimeSpan.FromMinutes(2), $"approver {i} answers round {round}");
                        await Task.Delay(2);
                    }

                    lines[i] = await File.ReadAllTextAsync(done);
                    var outcome = lines[i].Split(' ')[0];
                    outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
                }

                var snapshot = await new YamlConfigStore(new YamlConfigStoreOptions { Path = config }).ReadAsync();
                using (var store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = db }))
                {
                    for (var i = 0; i < Approvers; i++)
                    {
                        var record = await store.GetImprovementAsync(ids[i]);
                        var inFile = snapshot.TryGetValue($"tasks.timeouts.r{round}_{i}", out var value) && value is 30L;
                        if (record!.Status == ImprovementStatus.Applied && !inFile)
                        {
                            lost++;
                        }

                        record.Status.Should().BeOneOf([ImprovementStatus.Applied, ImprovementStatus.PendingApproval], $"round {round}, approver {i}: {lines[i]}");
                        inFile.Should().Be(record.Status == ImprovementStatus.Applied, $"round {round}, approver {i}: the store and the file agree ({lines[i]})");
                    }
                }

                SqliteConnection.ClearAllPools();
            }

            output.WriteLine($"{Rounds} rounds of {Approvers} concurrent approvals: {lost} lost updates; outcomes {string.Join(", ", outcomes.Select(p => p.Key + " " + p.Value))}");
            lost.Should().Be(0);
        }
        finally
        {
            foreach (var child in children)
            {
                if (!child.HasExited)
                {
                    child.Kill();
                }

                child.Dispose();
            }

            SqliteConnection.ClearAllPools();
        }
    }

    private static async Task<string> StderrAsync(Process child) =>
        child.HasExited ? await child.StandardError.ReadToEndAsync() : "(still running)";

    private static Process Start(string config, string db, string signals, int index)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { ImprovementExecutorCrashTests.CrasherPath.Value, "approve", config, db, signals, index.ToString(System.Globalization.CultureInfo.InvariantCulture), Rounds.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info)!;
    }
}
