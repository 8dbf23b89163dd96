using System.Diagnostics;
using System.Text;

using Alpha.Learning.Improvements;
using Alpha.Learning.Improvements.Internal;
using Alpha.Learning.Storage;

using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

using static Alpha.Learning.Tests.Improvements.ExecutorFixtures;

namespace Alpha.Learning.Tests.Improvements;

/// <summary>Issue 14: cross-process write lock, lost approval races, backups, owner and mode, read-only files.</summary>
public sealed class WriteSafetyTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(Start);
    private readonly SqliteLearningStore _store = SqliteLearningStore.CreateInMemory();
    private readonly string _path;

    public WriteSafetyTests()
    {
        _path = _folder.WriteBytes("agent.yaml", Encoding.UTF8.GetBytes(ConfigFixtures.Realistic));
    }

    public void Dispose()
    {
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public async Task ApplyAsync_WriteLockHeldByAnotherWriter_TimesOutWithAClearErrorAndWritesNothing()
    {
        var config = new YamlConfigStore(new YamlConfigStoreOptions { Path = _path, WriteLockTimeout = TimeSpan.FromMilliseconds(200) });
        var plan = await config.PlanAsync([new() { Path = "tasks.timeouts.web_research", OldValue = 30L, NewValue = 45L }]);

        using (ConfigFileLock.Acquire(_path, TimeSpan.FromSeconds(1)))
        {
            var act = async () => await config.ApplyAsync(plan);

            (await act.Should().ThrowAsync<ConfigStoreException>()).Which.Message.Should().Contain("write lock").And.Contain("WriteLockTimeout");
        }

        File.ReadAllText(_path).Should().Be(ConfigFixtures.Realistic);
        Directory.GetFiles(_folder.Path, "*.tmp", SearchOption.AllDirectories).Should().BeEmpty("the temporary file of a write that did not happen is removed");
        (await config.ApplyAsync(plan)).Status.Should().Be(ConfigWriteStatus.Applied, "the lock is free again");
    }

    [Fact]
    public async Task ApproveAsync_AnotherWriteWinsTheRace_StaysPendingThenAppliesOnTheNextPlan()
    {
        var inner = new YamlConfigStore(new YamlConfigStoreOptions { Path = _path });
        var queued = await Executor(inner, _store, _time).QueueForApprovalAsync(Timeout(), "A person decides.", cycleNumber: null);
        var raced = false;
        var racing = new InterferingConfigStore(inner, afterPlan: null, beforeApply: async () =>
        {
            if (!raced)
            {
                raced = true;
                var other = await inner.PlanAsync([new() { Path = "tasks.concurrency", OldValue = 4L, NewValue = 5L }]);
                (await inner.ApplyAsync(other)).Status.Should().Be(ConfigWriteStatus.Applied);
            }
        });

        var result = await Executor(racing, _store, _time).ApproveAsync(queued.Improvement!.Id);

        result.Outcome.Should().Be(ImprovementOutcome.Applied, result.Reason);
        var snapshot = await inner.ReadAsync();
        snapshot.TryGetValue("tasks.timeouts.web_research", out var timeout).Should().BeTrue();
        timeout.Should().Be(45L);
        snapshot.TryGetValue("tasks.concurrency", out var concurrency).Should().BeTrue();
        concurrency.Should().Be(5L, "the write that won the race is kept");
    }

    [Fact]
    public async Task ApproveAsync_LosesEveryRace_StaysPendingSoThePersonsApprovalIsNotUsedUp()
    {
        var inner = new YamlConfigStore(new YamlConfigStoreOptions { Path = _path });
        var queued = await Executor(inner, _store, _time).QueueForApprovalAsync(Timeout(), "A person decides.", cycleNumber: null);
        var n = 4L;
        var racing = new InterferingConfigStore(inner, afterPlan: null, beforeApply: async () =>
        {
            var other = await inner.PlanAsync([new() { Path = "tasks.concurrency", OldValue = n, NewValue = ++n }]);
            await inner.ApplyAsync(other);
        });

        var result = await Executor(racing, _store, _time).ApproveAsync(queued.Improvement!.Id);

        result.Outcome.Should().Be(ImprovementOutcome.Conflict);
        (await _store.GetImprovementAsync(queued.Improvement.Id))!.Status.Should().Be(ImprovementStatus.PendingApproval);
        Directory.GetFiles(Path.Combine(_folder.Path, ".alpha-learning", "backups")).Should().BeEmpty();
    }

    [Fact]
    public async Task ApplyRecommendationAsync_ConfigIsASymlink_RefusedBeforeAnyBackupIsTaken()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var link = Path.Combine(_folder.Path, "linked.yaml");
        File.CreateSymbolicLink(link, _path);
        var executor = Executor(new YamlConfigStore(new YamlConfigStoreOptions { Path = link }), _store, _time, new ImprovementExecutorOptions { MaxDailyImprovements = 100 });

        for (var i = 0; i < 3; i++)
        {
            var result = await executor.ApplyRecommendationAsync(Timeout("rec-" + i, "t" + i, 30L));
            result.Outcome.Should().Be(ImprovementOutcome.Failed);
            result.Reason.Should().Contain("symbolic link");
        }

        var backups = Path.Combine(_folder.Path, ".alpha-learning", "backups");
        (Directory.Exists(backups) ? Directory.GetFiles(backups) : []).Should().BeEmpty("no backup is taken for a write that is refused");
        File.ReadAllText(_path).Should().Be(ConfigFixtures.Realistic);
    }

    [Fact]
    public async Task ApplyAsync_ReadOnlyConfig_RefusedNamingTheOptionUnlessAllowed()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        File.SetUnixFileMode(_path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var config = new YamlConfigStore(new YamlConfigStoreOptions { Path = _path });
        var plan = await config.PlanAsync([new() { Path = "tasks.timeouts.web_research", OldValue = 30L, NewValue = 45L }]);

        var act = async () => await config.ApplyAsync(plan);

        (await act.Should().ThrowAsync<ConfigStoreException>()).Which.Message.Should().Contain("read-only").And.Contain("AlphaLearning:Config:ReplaceReadOnly");
        File.ReadAllText(_path).Should().Be(ConfigFixtures.Realistic);

        var allowed = new YamlConfigStore(new YamlConfigStoreOptions { Path = _path, ReplaceReadOnly = true });
        (await allowed.ApplyAsync(plan)).Status.Should().Be(ConfigWriteStatus.Applied);
        File.GetUnixFileMode(_path).Should().Be(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead, "the mode is kept");
    }

    [UnixRootFact]
    public async Task ApplyAsync_ConfigOwnedByAnotherUser_KeepsOwnerGroupAndMode()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        File.SetUnixFileMode(_path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Chown(_path, 4321, 4322);
        var config = new YamlConfigStore(new YamlConfigStoreOptions { Path = _path });
        var plan = await config.PlanAsync([new() { Path = "tasks.timeouts.web_research", OldValue = 30L, NewValue = 45L }]);

        (await config.ApplyAsync(plan)).Status.Should().Be(ConfigWriteStatus.Applied);

        FileOwner.Get(_path).Should().Be(new FileOwner.Ids(4321, 4322));
        File.GetUnixFileMode(_path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    private static void Chown(string path, int user, int group)
    {
        using var chown = Process.Start(new ProcessStartInfo("chown", [FormattableString.Invariant($"{user}:{group}"), path]) { UseShellExecute = false })!;
        chown.WaitForExit();
        chown.ExitCode.Should().Be(0);
    }
}
