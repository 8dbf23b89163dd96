using System.Text;

using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;
using Alpha.Learning.Improvements.Internal;

namespace Alpha.Learning.Tests.Improvements;

/// <summary>
/// The contract of a file-backed <see cref="IConfigStore"/> (the apply protocol of SAFETY.md), run against every format
/// (<see cref="YamlConfigStoreTests"/>, <see cref="JsonConfigStoreTests"/>): expected old values, size caps, plan limits,
/// unsafe paths, compare-and-swap, file mode, symbolic links, orphan temporary files, a missing file, no-op plans and
/// byte-exact rollback. What only one format has (its surgical style, its hostile inputs) stays in the subclass.
/// </summary>
public abstract class ConfigStoreContractTests : IDisposable
{
    /// <summary>Gets the folder the test's files are written to.</summary>
    protected TempFolder Folder { get; } = new();

    /// <summary>Gets the file name the store is given (its extension picks the format elsewhere).</summary>
    protected abstract string FileName { get; }

    /// <summary>Gets a commented document as people write it in this format.</summary>
    protected abstract string Sample { get; }

    /// <summary>Gets a path of <see cref="Sample"/> that holds the whole number <see cref="CurrentValue"/>.</summary>
    protected abstract string ValuePath { get; }

    /// <summary>Gets the value at <see cref="ValuePath"/>.</summary>
    protected abstract long CurrentValue { get; }

    /// <summary>Gets a line comment in this format (with its line break).</summary>
    protected abstract string Comment { get; }

    /// <summary>Gets a document that does not parse.</summary>
    protected abstract string Unparseable { get; }

    /// <summary>Gets the text the first write of <c>tasks.timeouts.web_research = 30</c> gives a missing file.</summary>
    protected abstract string CreatedByFirstWrite { get; }

    public void Dispose()
    {
        Folder.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task PlanAsync_ExpectedOldValueDiffers_RefusedAsValueChanged()
    {
        var store = Store(Sample);

        var act = async () => await store.PlanAsync([new ConfigChange { Path = ValuePath, OldValue = CurrentValue + 5, NewValue = 60L }]);

        (await act.Should().ThrowAsync<ConfigStoreException>()).Which.Error.Should().Be(ConfigStoreError.ValueChanged);
    }

    [Theory]
    [InlineData(65, true)]
    [InlineData(60, false)]
    public async Task ReadAsync_NestingDepth_RefusedAboveLimit(int depth, bool refused)
    {
        var store = Store(Nested(depth));

        var act = async () => await store.ReadAsync();

        if (refused)
        {
            (await act.Should().ThrowAsync<ConfigStoreException>()).Which.Error.Should().Be(ConfigStoreError.TooDeep);
        }
        else
        {
            await act.Should().NotThrowAsync();
        }
    }

    [Fact]
    public async Task PlanAsync_UnparseableFile_RefusedAndNeverWritten()
    {
        var store = Store(Unparseable);

        var act = async () => await store.PlanAsync([new ConfigChange { Path = "tasks.x", NewValue = 1L }]);

        await act.Should().ThrowAsync<ConfigStoreException>();
        File.ReadAllText(PathOf(store)).Should().Be(Unparseable);
    }

    [Fact]
    public async Task ReadAsync_FileAboveMaxBytes_RefusedBeforeParsing()
    {
        var store = Create(Folder.Write(FileName, Sample + string.Concat(Enumerable.Repeat(Comment, 100))), maxBytes: Sample.Length + 100);

        var act = async () => await store.ReadAsync();

        (await act.Should().ThrowAsync<ConfigStoreException>()).Which.Error.Should().Be(ConfigStoreError.TooLarge);
    }

    [Fact]
    public async Task PlanAsync_ResultAboveMaxBytes_RefusedAsTooLarge()
    {
        var store = Create(Folder.Write(FileName, Sample), maxBytes: Sample.Length + 5);

        var act = async () => await store.PlanAsync([new ConfigChange { Path = "tools.search.note", NewValue = new string('m', 100) }]);

        (await act.Should().ThrowAsync<ConfigStoreException>()).Which.Error.Should().Be(ConfigStoreError.TooLarge);
        File.ReadAllText(PathOf(store)).Should().Be(Sample);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    public async Task PlanAsync_EmptyOrOversizedPlan_Refused(int count)
    {
        var store = Store(Sample);
        var changes = Enumerable.Range(0, count).Select(i => new ConfigChange { Path = $"tools.t{i}.dedupe", NewValue = true }).ToArray();

        var act = async () => await store.PlanAsync(changes);

        await act.Should().ThrowAsync<ArgumentException>();
    }

    [Theory]
    [InlineData("tools.a.b/c")]
    [InlineData("tools..timeout")]
    [InlineData("tools.a\nb: 1.timeout")]
    [InlineData("tools.{x}.timeout")]
    [InlineData("tools.tâche.timeout")]
    [InlineData("a b")]
    public async Task PlanAsync_UnsafePath_RefusedBeforeReadingTheFile(string path)
    {
        var store = Store(Sample);

        var act = async () => await store.PlanAsync([new ConfigChange { Path = path, NewValue = 1L }]);

        await act.Should().ThrowAsync<ArgumentException>();
    }

    [Fact]
    public async Task ApplyAsync_FileChangedSincePlanned_ConflictAndNothingWritten()
    {
        var store = Store(Sample);
        var plan = await store.PlanAsync([new ConfigChange { Path = ValuePath, OldValue = CurrentValue, NewValue = 60L }]);
        var edited = Sample + Comment;
        File.WriteAllText(PathOf(store), edited);

        var result = await store.ApplyAsync(plan);

        result.Status.Should().Be(ConfigWriteStatus.Conflict);
        result.Message.Should().Contain("changed since planned").And.Contain(PathOf(store));
        File.ReadAllText(PathOf(store)).Should().Be(edited);
        Directory.GetFiles(Folder.Path).Should().ContainSingle("no temporary file is left behind");
    }

    [Fact]
    public async Task ApplyAsync_TwoPlansFromSameVersionAtOnce_OneAppliedOtherConflict()
    {
        var store = Store(Sample);
        var first = await store.PlanAsync([new ConfigChange { Path = ValuePath, OldValue = CurrentValue, NewValue = 45L }]);
        var second = await store.PlanAsync([new ConfigChange { Path = "tools.search.dedupe", NewValue = true }]);

        var results = await Task.WhenAll(Task.Run(async () => await store.ApplyAsync(first)), Task.Run(async () => await store.ApplyAsync(second)));

        results.Select(r => r.Status).Should().BeEquivalentTo([ConfigWriteStatus.Applied, ConfigWriteStatus.Conflict]);
        var winner = results[0].Status == ConfigWriteStatus.Applied ? first : second;
        File.ReadAllBytes(PathOf(store)).Should().Equal(winner.NewContent.ToArray());
    }

    [Fact]
    public async Task PlanAsync_ValueAlreadySet_PlanHasNoChangesAndApplyWritesNothing()
    {
        var store = Store(Sample);
        var before = File.GetLastWriteTimeUtc(PathOf(store));

        var plan = await store.PlanAsync([new ConfigChange { Path = ValuePath, OldValue = CurrentValue, NewValue = CurrentValue }]);
        var result = await store.ApplyAsync(plan);

        plan.HasChanges.Should().BeFalse();
        result.Status.Should().Be(ConfigWriteStatus.NoChange);
        File.GetLastWriteTimeUtc(PathOf(store)).Should().Be(before);
    }

    [Fact]
    public async Task ApplyThenInverse_ChangedAndNewValues_RestoresTheOriginalBytes()
    {
        var store = Store(Sample);
        var plan = await store.PlanAsync(
        [
            new ConfigChange { Path = ValuePath, OldValue = CurrentValue, NewValue = CurrentValue * 3 },
            new ConfigChange { Path = "tools.search.dedupe", NewValue = true },
            new ConfigChange { Path = "error_handling.retry.RateLimitError.max_attempts", NewValue = 5L },
        ]);
        (await store.ApplyAsync(plan)).Status.Should().Be(ConfigWriteStatus.Applied);

        var inverse = await store.PlanAsync(ConfigImprovementAction.Inverse(plan.Changes));
        (await store.ApplyAsync(inverse)).Status.Should().Be(ConfigWriteStatus.Applied);

        File.ReadAllText(PathOf(store)).Should().Be(Sample);
    }

    [Fact]
    public async Task ApplyAsync_FileMode_IsKept()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var store = Store(Sample);
        File.SetUnixFileMode(PathOf(store), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        await ApplyAsync(store, new ConfigChange { Path = "tools.search.dedupe", NewValue = true });

        File.GetUnixFileMode(PathOf(store)).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
    }

    [Fact]
    public async Task ApplyAsync_ConfigPathIsASymbolicLink_RefusedAndTargetUntouched()
    {
        var target = Folder.Write("real" + Path.GetExtension(FileName), Sample);
        var link = Folder.File(FileName);
        File.CreateSymbolicLink(link, target);
        var store = Create(link);
        var plan = await store.PlanAsync([new ConfigChange { Path = "tools.search.dedupe", NewValue = true }]);

        var act = async () => await store.ApplyAsync(plan);

        var thrown = (await act.Should().ThrowAsync<ConfigStoreException>()).Which;
        thrown.Error.Should().Be(ConfigStoreError.Unsupported);
        thrown.Message.Should().Contain("symbolic link");
        File.ReadAllText(target).Should().Be(Sample);
        new FileInfo(link).LinkTarget.Should().Be(target);
    }

    [Fact]
    public async Task RecoverAsync_OrphanTempFiles_RemovedAndOtherFilesKept()
    {
        var store = Store(Sample);
        Folder.Write("." + FileName + ".0123456789abcdef.tmp", "half");
        Folder.Write("." + FileName + ".notrandom.tmp", "keep");
        Folder.Write("other" + Path.GetExtension(FileName), "keep");

        var removed = await store.RecoverAsync();

        removed.Should().Be(1);
        Directory.GetFiles(Folder.Path).Select(Path.GetFileName).Should().BeEquivalentTo([FileName, "." + FileName + ".notrandom.tmp", "other" + Path.GetExtension(FileName)]);
    }

    [Fact]
    public async Task ApplyAsync_MissingFileAllowed_CreatesIt()
    {
        var store = Create(Folder.File(FileName), allowMissingFile: true);

        await ApplyAsync(store, new ConfigChange { Path = "tasks.timeouts.web_research", NewValue = 30L });

        File.ReadAllText(PathOf(store)).Should().Be(CreatedByFirstWrite);
    }

    /// <summary>Creates the store on a file.</summary>
    protected abstract IConfigStore Create(string path, int maxBytes = 1024 * 1024, bool allowMissingFile = false);

    /// <summary>A document nesting <paramref name="depth"/> levels.</summary>
    protected abstract string Nested(int depth);

    /// <summary>Checks that reading <paramref name="text"/> is refused with <paramref name="error"/>, naming the file and leaving it as it was.</summary>
    protected async Task ReadIsRefusedAsync(string text, ConfigStoreError error)
    {
        var store = Store(text);

        var act = async () => await store.ReadAsync();

        var thrown = (await act.Should().ThrowAsync<ConfigStoreException>()).Which;
        thrown.Error.Should().Be(error);
        thrown.Message.Should().Contain(PathOf(store));
        File.ReadAllText(PathOf(store)).Should().Be(text);
    }

    protected static string PathOf(IConfigStore store) => ((IConfigFileLocation)store).Path;

    protected static async Task<ConfigWriteResult> ApplyAsync(IConfigStore store, params ConfigChange[] changes) =>
        await store.ApplyAsync(await store.PlanAsync(changes));

    protected static object? Value(ConfigSnapshot snapshot, string path)
    {
        snapshot.TryGetValue(path, out var value).Should().BeTrue($"'{path}' should have a value");
        return value;
    }

    private IConfigStore Store(string text) => Create(Folder.WriteBytes(FileName, Encoding.UTF8.GetBytes(text)));
}
