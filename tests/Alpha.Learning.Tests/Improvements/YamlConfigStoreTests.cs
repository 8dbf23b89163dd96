using System.Text;

using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;

namespace Alpha.Learning.Tests.Improvements;

/// <summary>The config-store contract (<see cref="ConfigStoreContractTests"/>) on YAML, and what only YAML has: its surgical style, anchors, tags, flow mappings.</summary>
public sealed class YamlConfigStoreTests : ConfigStoreContractTests
{
    protected override string FileName => "agent.yaml";

    protected override string Sample => ConfigFixtures.Realistic;

    protected override string ValuePath => "tasks.timeouts.web_research";

    protected override long CurrentValue => 30L;

    protected override string Comment => "# a person was here\n";

    protected override string Unparseable => "tasks:\n  timeouts: [\n";

    protected override string CreatedByFirstWrite => "tasks:\n  timeouts:\n    web_research: 30\n";

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
        var store = new YamlConfigStore(new YamlConfigStoreOptions { Path = Folder.WriteBytes("agent.yaml", bytes) });

        await ApplyAsync(store, new ConfigChange { Path = "tools.search.dedupe", NewValue = true }, new ConfigChange { Path = "tasks.timeouts.web_research", OldValue = 30L, NewValue = 45L });

        var written = File.ReadAllBytes(store.Path);
        written.AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }).Should().Be(bom);
        var expected = ConfigFixtures.Realistic
            .Replace("      ttl_seconds: 300\n", "      ttl_seconds: 300\n    dedupe: true\n", StringComparison.Ordinal)
            .Replace("web_research: 30 ", "web_research: 45 ", StringComparison.Ordinal);
        Encoding.UTF8.GetString(written.AsSpan(bom ? 3 : 0)).Should().Be(crlf ? expected.Replace("\n", "\r\n", StringComparison.Ordinal) : expected);
    }

    [Theory]
    [InlineData("a: &x 1\nb: *x\n", ConfigStoreError.AnchorOrAlias)]
    [InlineData("a: !!str 1\n", ConfigStoreError.Tag)]
    [InlineData("a: 1\nb: 2\na: 3\n", ConfigStoreError.DuplicateKey)]
    [InlineData("a:\n  b: 1\n  b: 1\n", ConfigStoreError.DuplicateKey)]
    [InlineData("a: [1, 2\nb: 3\n", ConfigStoreError.Syntax)]
    [InlineData("a: 1\n---\nb: 2\n", ConfigStoreError.Unsupported)]
    [InlineData("a: \"x\u0000\"\n", ConfigStoreError.Syntax)]
    public Task ReadAsync_HostileOrBrokenFile_RefusedWithTypedErrorNamingTheFile(string text, ConfigStoreError error) =>
        ReadIsRefusedAsync(text, error);

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

    protected override IConfigStore Create(string path, int maxBytes = 1024 * 1024, bool allowMissingFile = false) =>
        new YamlConfigStore(new YamlConfigStoreOptions { Path = path, MaxBytes = maxBytes, AllowMissingFile = allowMissingFile });

    protected override string Nested(int depth) => "a: " + new string('[', depth) + new string(']', depth) + "\n";

    private static string Text(ConfigEditPlan plan) => Encoding.UTF8.GetString(plan.NewContent.Span);

    private YamlConfigStore Store(string text, string name = "agent.yaml") =>
        new(new YamlConfigStoreOptions { Path = Folder.WriteBytes(name, Encoding.UTF8.GetBytes(text)) });
}
