using System.Security.Cryptography;

using Alpha.Learning.Loop;
using Alpha.Learning.Storage;

using Microsoft.Data.Sqlite;

using static Alpha.Learning.Tests.Storage.StoreSamples;

namespace Alpha.Learning.Tests.Storage;

public sealed class SqliteLearningStoreErrorTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Write_LockedBeyondBusyTimeout_ThrowsLockedNamingFileAndWritesNothing()
    {
        var path = _folder.File("locked.db");
        using var store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = path, BusyTimeout = TimeSpan.FromMilliseconds(100) });
        await store.GetStatisticsAsync();

        using (var holder = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            holder.Open();
            using var transaction = holder.BeginTransaction(deferred: false);

            var act = () => store.StoreMetricAsync(new SuccessMetric { Name = "m", Value = 1, Timestamp = T0 });

            var error = (await act.Should().ThrowAsync<LearningStoreException>()).Which;
            error.Kind.Should().Be(LearningStoreErrorKind.Locked);
            error.DatabasePath.Should().Be(path);
            error.Message.Should().Contain(path).And.Contain("locked");
        }

        (await store.GetMetricsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task FirstUse_LockedWhileMigrating_ThrowsLockedThenSucceedsOnceFree()
    {
        var path = _folder.File("locked-init.db");
        await File.WriteAllBytesAsync(path, []);
        using var store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = path, BusyTimeout = TimeSpan.FromMilliseconds(100) });

        using (var holder = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            holder.Open();
            using var transaction = holder.BeginTransaction(deferred: false);

            var act = () => store.GetStatisticsAsync();

            (await act.Should().ThrowAsync<LearningStoreException>()).Which.Kind.Should().Be(LearningStoreErrorKind.Locked);
        }

        (await store.GetStatisticsAsync()).TotalPatterns.Should().Be(0);
    }

    [Fact]
    public async Task Write_FileWithoutWritePermission_ThrowsReadOnly()
    {
        // Root ignores file permissions: the case can only be staged for an ordinary user.
        if (OperatingSystem.IsWindows() || Environment.UserName == "root")
        {
            return;
        }

        var path = _folder.File("chmod.db");
        using (var writable = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = path }))
        {
            await writable.SetStateAsync("k", "v", T0);
        }

        SqliteConnection.ClearAllPools();
        File.SetUnixFileMode(path, UnixFileMode.UserRead);
        using var store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = path });

        var act = () => store.SetStateAsync("k", "w", T0);

        (await act.Should().ThrowAsync<LearningStoreException>()).Which.Kind.Should().Be(LearningStoreErrorKind.ReadOnly);
    }

    [Fact]
    public async Task FirstUse_NotADatabase_ThrowsAndLeavesFileUntouched()
    {
        var path = _folder.File("notes.db");
        await File.WriteAllTextAsync(path, string.Concat(Enumerable.Repeat("These are my notes, not a database.\n", 200)));
        var before = await Hash(path);
        using var store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = path });

        var act = () => store.GetPatternsAsync();

        var error = (await act.Should().ThrowAsync<LearningStoreException>()).Which;
        error.Kind.Should().Be(LearningStoreErrorKind.NotADatabase);
        error.Message.Should().Contain(path);
        (await Hash(path)).Should().Be(before);
    }

    [Fact]
    public async Task FirstUse_Corrupted_ThrowsCorruptAndLeavesFileUntouched()
    {
        var path = _folder.File("corrupt.db");
        using (var store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = path }))
        {
            await store.StoreMetricsAsync(Enumerable.Range(0, 3000).Select(i => new SuccessMetric { Name = "metric-" + new string('x', 100) + i, Value = i, Timestamp = T0 }));
        }

        SqliteConnection.ClearAllPools();
        File.Exists(path + "-wal").Should().BeFalse("the last connection checkpoints the log");
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        {
            // Keep page 1 (header and schema), scribble over the pages after it.
            var garbage = new byte[file.Length - 4096];
            new Random(42).NextBytes(garbage);
            file.Position = 4096;
            await file.WriteAsync(garbage);
        }

        var before = await Hash(path);
        using (var store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = path }))
        {
            var act = () => store.GetMetricsAsync();

            var error = (await act.Should().ThrowAsync<LearningStoreException>()).Which;
            error.Kind.Should().Be(LearningStoreErrorKind.Corrupt);
            error.Message.Should().Contain(path).And.Contain("corrupted");
        }

        SqliteConnection.ClearAllPools();
        (await Hash(path)).Should().Be(before);
    }

    [Fact]
    public async Task Write_ReadOnlyStore_ThrowsReadOnlyAndLeavesFileUntouched()
    {
        var path = _folder.File("ro.db");
        using (var writable = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = path }))
        {
            await writable.SetStateAsync("k", "v", T0);
        }

        SqliteConnection.ClearAllPools();
        var before = await Hash(path);
        using var store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = path, ReadOnly = true });

        (await store.GetStateAsync("k")).Should().Be("v");
        var act = () => store.SetStateAsync("k", "w", T0);

        var error = (await act.Should().ThrowAsync<LearningStoreException>()).Which;
        error.Kind.Should().Be(LearningStoreErrorKind.ReadOnly);
        error.Message.Should().Contain(path);
        store.Dispose();
        SqliteConnection.ClearAllPools();
        (await Hash(path)).Should().Be(before);
    }

    [Fact]
    public async Task FirstUse_ReadOnlyStoreMissingFile_ThrowsWithoutCreatingIt()
    {
        var path = _folder.File("missing.db");
        using var store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = path, ReadOnly = true });

        var act = () => store.GetStatisticsAsync();

        (await act.Should().ThrowAsync<LearningStoreException>()).Which.Kind.Should().Be(LearningStoreErrorKind.CannotOpen);
        File.Exists(path).Should().BeFalse();
    }

    [Fact]
    public async Task Write_DiskFull_ThrowsDiskFullAndWritesNothing()
    {
        var path = _folder.File("full.db");
        using (var store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = path }))
        {
            await store.StoreMetricAsync(new SuccessMetric { Name = "kept", Value = 1, Timestamp = T0 });
        }

        var pages = long.Parse(PragmaText(path, "page_count"), System.Globalization.CultureInfo.InvariantCulture);
        using var full = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = path, MaxPageCountForTesting = pages });

        var act = () => full.StoreMetricsAsync(Enumerable.Range(0, 5000).Select(i => new SuccessMetric { Name = new string('y', 200), Value = i, Timestamp = T0 }));

        var error = (await act.Should().ThrowAsync<LearningStoreException>()).Which;
        error.Kind.Should().Be(LearningStoreErrorKind.DiskFull);
        error.Message.Should().Contain(path).And.Contain("full");
        (await full.GetMetricsAsync()).Select(m => m.Name).Should().Equal("kept");
    }

    [Fact]
    public async Task Constructor_NegativeBusyTimeout_Throws()
    {
        var act = () => new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = _folder.File("x.db"), BusyTimeout = TimeSpan.FromSeconds(-1) });

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*BusyTimeout*");
        await Task.CompletedTask;
    }

    [Fact]
    public async Task AnyMethod_AfterDispose_ThrowsObjectDisposed()
    {
        var store = SqliteLearningStore.CreateInMemory();
        store.Dispose();

        var act = () => store.GetStatisticsAsync();

        await act.Should().ThrowAsync<ObjectDisposedException>();
    }

    private static async Task<string> Hash(string path)
    {
        SqliteConnection.ClearAllPools();
        return Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(path)));
    }

    private static string PragmaText(string path, string name)
    {
        SqliteConnection.ClearAllPools();
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)!;
    }
}
