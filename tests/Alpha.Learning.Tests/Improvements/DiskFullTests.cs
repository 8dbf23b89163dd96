using System.Diagnostics;
using System.Globalization;

using Alpha.Learning.Improvements;
using Alpha.Learning.Storage;

using Microsoft.Extensions.Time.Testing;

using Xunit.Abstractions;

using static Alpha.Learning.Tests.Improvements.ExecutorFixtures;

namespace Alpha.Learning.Tests.Improvements;

/// <summary>
/// Issue 14, defect 2: the database and the configuration on a nearly full file system (a small tmpfs mounted for the
/// test). Seven changes are applied and then all rolled back, each phase at a random free-space level; after the space
/// comes back and the executor recovers, the store and the file must agree every time, and rolling back everything must
/// give back the original bytes.
/// </summary>
public sealed class DiskFullTests(ITestOutputHelper output)
{
    private const int Runs = 50;
    private const int Changes = 7;

    [UnixRootFact]
    public async Task ApplyAndRollback_DiskFullAt50RandomFreeSpaceLevels_StoreAndFileAgreeAndRollbackRestoresTheOriginal()
    {
        using var mount = new TmpfsMount(sizeBytes: 3 * 1024 * 1024);
        var random = new Random(1414);
        var failures = new List<string>();
        var errorsSeen = 0;
        for (var run = 0; run < Runs; run++)
        {
            mount.Clear();
            var config = Path.Combine(mount.Path, "agent.yaml");
            await File.WriteAllTextAsync(config, ConfigFixtures.Realistic);
            var original = await File.ReadAllBytesAsync(config);
            var db = Path.Combine(mount.Path, "learning.db");
            var time = new FakeTimeProvider(Start);
            using (var seed = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = db }))
            {
                await seed.GetCycleCountAsync();
            }

            // Apply seven changes with little space left.
            var applyFree = random.Next(0, 96) * 2048;
            var filler = mount.Fill(applyFree);
            errorsSeen += await TryEachAsync(Changes, async i =>
            {
                using var store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = db });
                var executor = NewExecutor(config, store, time);
                time.Advance(TimeSpan.FromMinutes(1));
                await executor.ApplyRecommendationAsync(Timeout($"rec-{i}", "t" + i.ToString(CultureInfo.InvariantCulture), 40L + i));
            });
            File.Delete(filler);
            failures.AddRange(await CheckAgreementAsync(run, "apply", applyFree, config, db, time));

            // Roll back every applied change with little space left.
            var rollbackFree = random.Next(0, 96) * 2048;
            filler = mount.Fill(rollbackFree);
            errorsSeen += await TryEachAsync(1, async _ =>
            {
                using var store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = db });
                var executor = NewExecutor(config, store, time);
                foreach (var record in await executor.GetAppliedImprovementsAsync())
                {
                    time.Advance(TimeSpan.FromMinutes(1));
                    await executor.RollbackImprovementAsync(record.Id);
                }
            });
            File.Delete(filler);
            failures.AddRange(await CheckAgreementAsync(run, "rollback", rollbackFree, config, db, time));

            // With the space back: roll back whatever is still applied; the file must be the original bytes.
            using (var store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = db }))
            {
                var executor = NewExecutor(config, store, time);
                foreach (var record in await executor.GetAppliedImprovementsAsync())
                {
                    time.Advance(TimeSpan.FromMinutes(1));
                    var rolledBack = await executor.RollbackImprovementAsync(record.Id);
                    if (!rolledBack.Success)
                    {
                        failures.Add(Inv($"run {run}: rolling back '{record.Id}' with space refused: {rolledBack.Reason}"));
                    }
                }
            }

            if (!(await File.ReadAllBytesAsync(config)).AsSpan().SequenceEqual(original))
            {
                failures.Add(Inv($"run {run} (free {applyFree}/{rollbackFree} bytes): after rolling back everything the file is not the original:\n{await File.ReadAllTextAsync(config)}"));
            }

            var backups = Path.Combine(mount.Path, ".alpha-learning", "backups");
            if (Directory.Exists(backups) && Directory.GetFiles(backups).FirstOrDefault(f => new FileInfo(f).Length == 0) is { } empty)
            {
                failures.Add(Inv($"run {run}: an empty backup was left: {empty}"));
            }
        }

        foreach (var message in Seen)
        {
            output.WriteLine(message);
        }

        output.WriteLine(Inv($"{Runs} runs, {errorsSeen} operations failed on the full disk, {failures.Count} disagreements"));
        errorsSeen.Should().BeGreaterThan(Runs / 2, "the free-space levels are low enough for writes to fail");
        failures.Should().BeEmpty();
    }

    private static ImprovementExecutor NewExecutor(string config, ILearningStore store, TimeProvider time) =>
        Executor(new YamlConfigStore(new YamlConfigStoreOptions { Path = config }), store, time, new ImprovementExecutorOptions { MaxDailyImprovements = 1000, RecoveryGracePeriod = TimeSpan.Zero });

    private static readonly HashSet<string> Seen = [];

    private static async Task<int> TryEachAsync(int count, Func<int, Task> step)
    {
        var errors = 0;
        for (var i = 0; i < count; i++)
        {
            try
            {
                await step(i);
            }
            catch (Exception ex)
            {
                errors++;
                Seen.Add(ex.GetType().Name + ": " + ex.Message.Split('\n')[0]);
            }
        }

        return errors;
    }

    /// <summary>With the space back, recovers (as the next start does) and checks every record against the file.</summary>
    private static async Task<List<string>> CheckAgreementAsync(int run, string phase, int free, string config, string db, TimeProvider time)
    {
        var failures = new List<string>();
        using var store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = db });
        var configStore = new YamlConfigStore(new YamlConfigStoreOptions { Path = config });
        var executor = NewExecutor(config, store, time);
        await executor.RecoverAsync();
        var snapshot = await configStore.ReadAsync();
        foreach (var record in await store.GetImprovementsAsync(limit: 1000))
        {
            var change = record.Changes.Single();
            var present = snapshot.TryGetValue(change.Path, out var value) && Equals(value, change.NewValue);
            var where = Inv($"run {run} {phase} (free {free} bytes): '{record.Id}'");
            switch (record.Status)
            {
                case ImprovementStatus.Applying:
                    failures.Add(where + " is still applying after recovery");
                    break;
                case ImprovementStatus.Applied when !present:
                    failures.Add(Inv($"{where} is applied but '{change.Path}' is not {change.NewValue} in the file ({record.Reason})"));
                    break;
                case ImprovementStatus.Failed or ImprovementStatus.RolledBack when present:
                    failures.Add(Inv($"{where} is {record.Status} but '{change.Path}' is {change.NewValue} in the file ({record.Reason})"));
                    break;
                default:
                    break;
            }
        }

        return failures;
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>A small tmpfs mounted on a temp folder for the test (root on Linux), unmounted on dispose.</summary>
    private sealed class TmpfsMount : IDisposable
    {
        private readonly TempFolder _folder = new();

        public TmpfsMount(int sizeBytes)
        {
            Run("mount", "-t", "tmpfs", "-o", Inv($"size={sizeBytes},mode=0755"), "tmpfs", _folder.Path);
        }

        public string Path => _folder.Path;

        /// <summary>Deletes everything on the file system.</summary>
        public void Clear()
        {
            foreach (var entry in new DirectoryInfo(Path).EnumerateFileSystemInfos())
            {
                if (entry is DirectoryInfo directory)
                {
                    directory.Delete(recursive: true);
                }
                else
                {
                    entry.Delete();
                }
            }
        }

        /// <summary>Fills the file system, then gives back <paramref name="free"/> bytes; returns the filler file.</summary>
        public string Fill(int free)
        {
            var filler = System.IO.Path.Combine(Path, "filler");
            var chunk = new byte[4096];
            using (var stream = new FileStream(filler, FileMode.Create, FileAccess.Write, FileShare.None, 0))
            {
                try
                {
                    while (true)
                    {
                        stream.Write(chunk);
                    }
                }
                catch (IOException)
                {
                    // Full.
                }

                stream.SetLength(Math.Max(0, stream.Position - free));
            }

            return filler;
        }

        public void Dispose()
        {
            Run("umount", "-l", _folder.Path);
            _folder.Dispose();
        }

        private static void Run(string file, params string[] arguments)
        {
            using var process = Process.Start(new ProcessStartInfo(file, arguments) { UseShellExecute = false, RedirectStandardError = true })!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            process.ExitCode.Should().Be(0, Inv($"'{file} {string.Join(' ', arguments)}' must succeed to run this test (root on Linux): {error}"));
        }
    }
}
