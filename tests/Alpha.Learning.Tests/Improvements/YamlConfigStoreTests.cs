using System.Text;

using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;

namespace Alpha.Learning.Tests.Improvements;

public sealed class YamlConfigStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task ReadAsync_RealisticConfig_ReturnsTypedValuesByPath()
    {
        var store = Store(ConfigFixtures.Realistic);

        var snapshot = await store.ReadAsync();

        Value(snapshot, "tasks.timeouts.web_research").Should().BeOfType<long>().Which.Should().Be(30L);
        Value(snapshot, "tasks.timeouts.summarize").Should().BeOfType<double>().Which.Should().Be(45.0);
        Value(snapshot, "tools.search.cache.enabled").Should().Be(false);
        Value(snapshot, "models.routing.summarize").Should().Be("gpt-4o");
        Value(snapshot, "models.routing.web_research").Should().Be("claude-3-5-sonnet");
        snapshot.TryGetValue("tools.search", out _).Should().BeFalse("a mapping is not a value");
        snapshot.TryGetValue("tools.search.missing", out _).Should().BeFalse();
        snapshot.Version.Should().MatchRegex("^[0-9a-f]{64}$");
    }

    [Fact]
    public async Task PlanAsync_ChangeOfExistingValue_SplicesOnlyThatScalarAndWritesNothing()
    {
        var store = Store(ConfigFixtures.Realistic);

        var plan = await store.PlanAsync([new ConfigChange { Path = "tasks.timeouts.web_research", OldValue = 30L, NewValue = 60L }]);

        Text(plan).Should().Be(ConfigFixtures.Realistic.Replace("web_research: 30   # seconds", "web_research: 60   # seconds", StringComparison.Ordinal));
        plan.Changes.Should().ContainSingle().Which.OldValue.Should().Be(30L);
        plan.BaseVersion.Should().NotBe(plan.NewVersion);
        File.ReadAllText(store.Path).Should().Be(ConfigFixtures.Realistic, "planning writes nothing");
    }

    [Fact]
    public async Task ApplyAsync_NewKeyInExistingMapping_InsertedAtEndOfBlockWithItsIndentation()
    {
        var store = Store(ConfigFixtures.Realistic);

        var result = await ApplyAsync(store, new ConfigChange { Path = "tools.search.dedupe", NewValue = true });

        result.Status.Should().Be(ConfigWriteStatus.Applied);
        File.ReadAllText(store.Path).Should().Be(ConfigFixtures.Realistic.Replace(
            "      ttl_seconds: 300\n", "      ttl_seconds: 300\n    dedupe: true\n", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ApplyAsync_NewKeyWithMissingParents_InsertsIntermediateMappings()
    {
        var store = Store(ConfigFixtures.Realistic);

        await ApplyAsync(store, new ConfigChange { Path = "tools.browser.cache.enabled", NewValue = true });

        File.ReadAllText(store.Path).Should().Be(ConfigFixtures.Realistic.Replace(
            "    retries: [1, 2, 4]\n", "    retries: [1, 2, 4]\n  browser:\n    cache:\n      enabled: true\n", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("models.routing.summarize", "gpt-4o-mini", "summarize: 'gpt-4o-mini'")]
    [InlineData("models.routing.web_research", "claude-haiku", "web_research: \"claude-haiku\"")]
    [InlineData("models.fallback", "it's 2", "fallback: \"it's 2\"")]
    [InlineData("tools.search.cache.enabled", true, "enabled: true   # turned off during the migration")]
    [InlineData("error_handling.retry.TimeoutError.backoff_seconds", 3.0, "backoff_seconds: 3.0")]
    [InlineData("tasks.timeouts.summarize", 90L, "summarize: 90\n")]
    public async Task ApplyAsync_ReplacedScalar_KeepsQuotingAndTrailingComment(string path, object value, string expected)
    {
        var store = Store(ConfigFixtures.Realistic);
        var old = Value(await store.ReadAsync(), path);

        await ApplyAsync(store, new ConfigChange { Path = path, OldValue = old, NewValue = value });

        File.ReadAllText(store.Path).Should().Contain(expected);
        Value(await store.ReadAsync(), path).Should().Be(value);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public async Task ApplyAsync_CrlfAndBom_ArePreserved(bool crlf, bool bom)
    {
        var text = crlf ? ConfigFixtures.Realistic.Replace("\n", "\r\n", StringComparison.Ordinal) : ConfigFixtures.Realistic;
        var bytes = (bom ? new byte[] { 0xEF, 0xBB, 0xBF } : []).Concat(Encoding.UTF8.GetBytes(text)).ToArray();
        var store = new YamlConfigStore(new YamlConfigStoreOptions { Path = _folder.WriteBytes("agent.yaml", bytes) });

        await ApplyAsync(store, new ConfigChange { Path = "tools.search.dedupe", NewValue = true }, new ConfigChange { Path = "tasks.timeouts.web_research", OldValue = 30L, NewValue = 45L });

        var written = File.ReadAllBytes(store.Path);
        written.AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }).Should().Be(bom);
        var expected = ConfigFixtures.Realistic
            .Replace("      ttl_seconds: 300\n", "      ttl_seconds: 300\n    dedupe: true\n", StringComparison.Ordinal)
            .Replace("web_research: 30 ", "web_research: 45 ", StringComparison.Ordinal);
        Encoding.UTF8.GetString(written.AsSpan(bom ? 3 : 0)).Should().Be(crlf ? expected.Replace("\n", "\r\n", StringComparison.Ordinal) : expected);
    }

    [Fact]
    public async Task ApplyAsync_ExternalEditBetweenPlanAndApply_WritesNothingAndReportsConflict()
    {
        var store = Store(ConfigFixtures.Realistic);
        var plan = await store.PlanAsync([new ConfigChange { Path = "tasks.timeouts.web_research", OldValue = 30L, NewValue = 60L }]);
        var edited = ConfigFixtures.Realistic + "# a person was here\n";
        File.WriteAllText(store.Path, edited);

        var result = await store.ApplyAsync(plan);

        result.Status.Should().Be(ConfigWriteStatus.Conflict);
        result.Message.Should().Contain("changed since planned").And.Contain(store.Path);
        File.ReadAllText(store.Path).Should().Be(edited);
        Directory.GetFiles(_folder.Path).Should().ContainSingle();
    }

    [Fact]
    public async Task PlanAsync_OldValueDiffers_ThrowsValueChanged()
    {
        var store = Store(ConfigFixtures.Realistic);

        var act = async () => await store.PlanAsync([new ConfigChange { Path = "tasks.timeouts.web_research", OldValue = 25L, NewValue = 60L }]);

        (await act.Should().ThrowAsync<ConfigStoreException>()).Which.Error.Should().Be(ConfigStoreError.ValueChanged);
    }

    [Theory]
    [InlineData("a: &x 1\nb: *x\n", ConfigStoreError.AnchorOrAlias)]
    [InlineData("a: !!str 1\n", ConfigStoreError.Tag)]
    [InlineData("a: 1\nb: 2\na: 3\n", ConfigStoreError.DuplicateKey)]
    [InlineData("a:\n  b: 1\n  b: 1\n", ConfigStoreError.DuplicateKey)]
    [InlineData("a: [1, 2\nb: 3\n", ConfigStoreError.Syntax)]
    [InlineData("a: 1\n---\nb: 2\n", ConfigStoreError.Unsupported)]
    [InlineData("a: \"x\u0000\"\n", ConfigStoreError.Syntax)]
    public async Task ReadAsync_HostileOrBrokenFile_RefusedWithTypedErrorNamingTheFile(string text, ConfigStoreError error)
    {
        var store = Store(text);

        var act = async () => await store.ReadAsync();

        var thrown = (await act.Should().ThrowAsync<ConfigStoreException>()).Which;
        thrown.Error.Should().Be(error);
        thrown.Message.Should().Contain(store.Path);
        File.ReadAllText(store.Path).Should().Be(text);
    }

    [Theory]
    [InlineData(65, true)]
    [InlineData(60, false)]
    public async Task ReadAsync_NestingDepth_RefusedAboveLimit(int depth, bool refused)
    {
        var store = Store("a: " + new string('[', depth) + new string(']', depth) + "\n");

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
    public async Task ReadAsync_AmpersandInsideValues_IsNotMistakenForAnAnchor()
    {
        var store = Store("note: R&D * team\nurl: \"http://x/*&y\"\nblock: |\n  &not-an-anchor\n  *nor-alias\n");

        var snapshot = await store.ReadAsync();

        Value(snapshot, "note").Should().Be("R&D * team");
        Value(snapshot, "block").Should().Be("&not-an-anchor\n*nor-alias\n");
    }

    [Fact]
    public async Task PlanAsync_KeyInsideFlowMapping_RewritesTheMappingsOnThePathInBlockStyle()
    {
        // Refused as unsupported before issue 14 (defect 11): yaml.dump writes short and empty dicts in flow style.
        var store = Store("tools: {search: {timeout: 10}}\n");

        var plan = await store.PlanAsync([new ConfigChange { Path = "tools.search.dedupe", NewValue = true }]);

        System.Text.Encoding.UTF8.GetString(plan.NewContent.Span).Should().Be("tools:\n  search:\n    timeout: 10\n    dedupe: true\n");
    }

    [Fact]
    public async Task PlanAsync_UnparseableFile_NeverWritten()
    {
        var store = Store("tasks:\n  timeouts: [\n");

        var act = async () => await store.PlanAsync([new ConfigChange { Path = "tasks.x", NewValue = 1L }]);

        await act.Should().ThrowAsync<ConfigStoreException>();
        File.ReadAllText(store.Path).Should().Be("tasks:\n  timeouts: [\n");
    }

    [Fact]
    public async Task ReadAsync_FileAboveMaxBytes_RefusedBeforeParsing()
    {
        var path = _folder.Write("agent.yaml", "a: " + new string('x', 2000) + "\n");
        var store = new YamlConfigStore(new YamlConfigStoreOptions { Path = path, MaxBytes = 1000 });

        var act = async () => await store.ReadAsync();

        (await act.Should().ThrowAsync<ConfigStoreException>()).Which.Error.Should().Be(ConfigStoreError.TooLarge);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    public async Task PlanAsync_EmptyOrOversizedPlan_Refused(int count)
    {
        var store = Store(ConfigFixtures.Realistic);
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
    public async Task PlanAsync_UnsafePath_RefusedBeforeReadingTheFile(string path)
    {
        var store = Store(ConfigFixtures.Realistic);

        var act = async () => await store.PlanAsync([new ConfigChange { Path = path, NewValue = 1L }]);

        await act.Should().ThrowAsync<ArgumentException>();
    }

    [Fact]
    public async Task ApplyAsync_FileMode_IsKept()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var store = Store(ConfigFixtures.Realistic);
        File.SetUnixFileMode(store.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        await ApplyAsync(store, new ConfigChange { Path = "tools.search.dedupe", NewValue = true });

        File.GetUnixFileMode(store.Path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
    }

    [Fact]
    public async Task RecoverAsync_OrphanTempFiles_RemovedAndOtherFilesKept()
    {
        var store = Store(ConfigFixtures.Realistic);
        _folder.Write(".agent.yaml.0123456789abcdef.tmp", "half");
        _folder.Write(".agent.yaml.notrandom.tmp", "keep");
        _folder.Write("other.yaml", "keep");

        var removed = await store.RecoverAsync();

        removed.Should().Be(1);
        Directory.GetFiles(_folder.Path).Select(Path.GetFileName).Should().BeEquivalentTo(["agent.yaml", ".agent.yaml.notrandom.tmp", "other.yaml"]);
    }

    [Fact]
    public async Task ApplyAsync_MissingFileAllowed_CreatesIt()
    {
        var path = _folder.File("new.yaml");
        var store = new YamlConfigStore(new YamlConfigStoreOptions { Path = path, AllowMissingFile = true });

        await ApplyAsync(store, new ConfigChange { Path = "tasks.timeouts.web_research", NewValue = 30L });

        File.ReadAllText(path).Should().Be("tasks:\n  timeouts:\n    web_research: 30\n");
    }

    [Theory]
    [InlineData("a: 1")]
    [InlineData("a: 1\n")]
    [InlineData("# only a comment\n")]
    [InlineData("")]
    [InlineData("tools:\n  search:\n    timeout: 10\n# trailing\n")]
    public async Task ApplyThenInverse_NewKeys_RestoresOriginalBytes(string original)
    {
        var store = Store(original);
        var plan = await store.PlanAsync([new ConfigChange { Path = "tools.search.dedupe", NewValue = true }, new ConfigChange { Path = "tools.fetch.timeout", NewValue = 5.5 }]);
        (await store.ApplyAsync(plan)).Status.Should().Be(ConfigWriteStatus.Applied);

        var inverse = await store.PlanAsync(Alpha.Learning.Improvements.Internal.ConfigImprovementAction.Inverse(plan.Changes));
        (await store.ApplyAsync(inverse)).Status.Should().Be(ConfigWriteStatus.Applied);

        File.ReadAllText(store.Path).Should().Be(original);
    }

    [Fact]
    public async Task ApplyAndRollback_HundredTimesOnCommentedConfig_CommentsAndFormattingSurvive()
    {
        var store = Store(ConfigFixtures.Realistic);
        var changes = new[]
        {
            new ConfigChange { Path = "tasks.timeouts.web_research", OldValue = 30L, NewValue = 45L },
            new ConfigChange { Path = "tools.search.cache.enabled", OldValue = false, NewValue = true },
            new ConfigChange { Path = "tools.search.dedupe", NewValue = true },
            new ConfigChange { Path = "models.routing.summarize", OldValue = "gpt-4o", NewValue = "gpt-4o-mini" },
            new ConfigChange { Path = "error_handling.retry.RateLimitError.max_attempts", NewValue = 5L },
        };
        var comments = ConfigFixtures.Realistic.Split('\n').Where(l => l.Contains('#', StringComparison.Ordinal)).ToArray();

        for (var i = 0; i < 100; i++)
        {
            var plan = await store.PlanAsync(changes);
            (await store.ApplyAsync(plan)).Status.Should().Be(ConfigWriteStatus.Applied);
            File.ReadAllText(store.Path).Split('\n').Where(l => l.Contains('#', StringComparison.Ordinal)).Select(l => l[l.IndexOf('#', StringComparison.Ordinal)..])
                .Should().Equal(comments.Select(l => l[l.IndexOf('#', StringComparison.Ordinal)..]));
            var back = await store.PlanAsync(Alpha.Learning.Improvements.Internal.ConfigImprovementAction.Inverse(plan.Changes));
            (await store.ApplyAsync(back)).Status.Should().Be(ConfigWriteStatus.Applied);
            File.ReadAllText(store.Path).Should().Be(ConfigFixtures.Realistic, $"rollback {i + 1} restores the original bytes");
        }
    }

    [Fact]
    public async Task PlanAsync_ValueAlreadySet_PlanHasNoChangesAndApplyWritesNothing()
    {
        var store = Store(ConfigFixtures.Realistic);
        var before = File.GetLastWriteTimeUtc(store.Path);

        var plan = await store.PlanAsync([new ConfigChange { Path = "tasks.timeouts.web_research", OldValue = 30L, NewValue = 30L }]);
        var result = await store.ApplyAsync(plan);

        plan.HasChanges.Should().BeFalse();
        result.Status.Should().Be(ConfigWriteStatus.NoChange);
        File.GetLastWriteTimeUtc(store.Path).Should().Be(before);
    }

    [Fact]
    public async Task ApplyAsync_TwoPlansFromSameVersionAtOnce_OneAppliedOtherConflict()
    {
        var store = Store(ConfigFixtures.Realistic);
        var first = await store.PlanAsync([new ConfigChange { Path = "tasks.timeouts.web_research", OldValue = 30L, NewValue = 45L }]);
        var second = await store.PlanAsync([new ConfigChange { Path = "tools.search.dedupe", NewValue = true }]);

        var results = await Task.WhenAll(Task.Run(async () => await store.ApplyAsync(first)), Task.Run(async () => await store.ApplyAsync(second)));

        results.Select(r => r.Status).Should().BeEquivalentTo([ConfigWriteStatus.Applied, ConfigWriteStatus.Conflict]);
        var winner = results[0].Status == ConfigWriteStatus.Applied ? first : second;
        File.ReadAllBytes(store.Path).Should().Equal(winner.NewContent.ToArray());
    }

    [Fact]
    public async Task ApplyAsync_ConfigPathIsASymbolicLink_RefusedAndTargetUntouched()
    {
        var target = _folder.Write("real.yaml", ConfigFixtures.Realistic);
        var link = _folder.File("agent.yaml");
        File.CreateSymbolicLink(link, target);
        var store = new YamlConfigStore(new YamlConfigStoreOptions { Path = link });
        var plan = await store.PlanAsync([new ConfigChange { Path = "tools.search.dedupe", NewValue = true }]);

        var act = async () => await store.ApplyAsync(plan);

        (await act.Should().ThrowAsync<ConfigStoreException>()).Which.Message.Should().Contain("symbolic link");
        File.ReadAllText(target).Should().Be(ConfigFixtures.Realistic);
        new FileInfo(link).LinkTarget.Should().Be(target);
    }

    private static async Task<ConfigWriteResult> ApplyAsync(YamlConfigStore store, params ConfigChange[] changes) =>
        await store.ApplyAsync(await store.PlanAsync(changes));

    private static string Text(ConfigEditPlan plan) => Encoding.UTF8.GetString(plan.NewContent.Span);

    private YamlConfigStore Store(string text, string name = "agent.yaml") =>
        new(new YamlConfigStoreOptions { Path = _folder.WriteBytes(name, Encoding.UTF8.GetBytes(text)) });

    private static object? Value(ConfigSnapshot snapshot, string path)
    {
        snapshot.TryGetValue(path, out var value).Should().BeTrue($"'{path}' should have a value");
        return value;
    }
}
