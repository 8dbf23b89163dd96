using System.Text;

using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;
using Alpha.Learning.Improvements.Internal;

namespace Alpha.Learning.Tests.Improvements;

/// <summary>The config-store contract (<see cref="ConfigStoreContractTests"/>) on appsettings.json, and what only JSON has: comments of both kinds, trailing commas, configuration paths in any case.</summary>
public sealed class JsonConfigStoreTests : ConfigStoreContractTests
{
    protected override string FileName => "appsettings.json";

    protected override string Sample => JsonConfigFixtures.AppSettings;

    protected override string ValuePath => "Agent:Tools:search:TimeoutSeconds";

    protected override long CurrentValue => 10L;

    protected override string Comment => "// a person was here\n";

    protected override string Unparseable => "{ \"tasks\": { \"timeouts\": [\n";

    protected override string CreatedByFirstWrite => "{\n  \"tasks\": {\n    \"timeouts\": {\n      \"web_research\": 30\n    }\n  }\n}\n";

    [Fact]
    public async Task ReadAsync_AppSettings_ReturnsTypedValuesByConfigurationPathEitherSeparatorAnyCase()
    {
        var store = Store(JsonConfigFixtures.AppSettings);

        var snapshot = await store.ReadAsync();

        Value(snapshot, "Agent:Tools:search:TimeoutSeconds").Should().BeOfType<long>().Which.Should().Be(10L);
        Value(snapshot, "agent.tools.SEARCH.timeoutseconds").Should().Be(10L);
        Value(snapshot, "Agent:Tools:fetch:TimeoutSeconds").Should().BeOfType<double>().Which.Should().Be(20.5);
        Value(snapshot, "Agent:Routing:summarize").Should().Be("gpt-4o");
        Value(snapshot, "Agent:Endpoints:1").Should().Be("https://b.example");
        Value(snapshot, "Logging:LogLevel:Default").Should().Be("Information");
        snapshot.TryGetValue("Agent:Tools", out _).Should().BeFalse("an object is not a value");
        snapshot.Paths.Should().Contain("Agent:Tools:search:TimeoutSeconds");
    }

    [Fact]
    public async Task ApplyAsync_ChangeOfExistingValue_SplicesOnlyThatValueKeepingCommentsAndCommas()
    {
        var store = Store(JsonConfigFixtures.AppSettings);

        var result = await ApplyAsync(store, new ConfigChange { Path = "Agent:Tools:search:TimeoutSeconds", OldValue = 10L, NewValue = 20L });

        result.Status.Should().Be(ConfigWriteStatus.Applied);
        File.ReadAllText(store.Path).Should().Be(JsonConfigFixtures.AppSettings.Replace("\"TimeoutSeconds\": 10, // tight", "\"TimeoutSeconds\": 20, // tight", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ApplyAsync_NewMemberInMultilineObjectWithTrailingComma_AddedOnItsOwnLineInTheSameStyle()
    {
        var store = Store(JsonConfigFixtures.AppSettings);

        await ApplyAsync(store, new ConfigChange { Path = "agent.tools.search.cache_results", NewValue = true });

        File.ReadAllText(store.Path).Should().Be(JsonConfigFixtures.AppSettings.Replace(
            "        \"MaxRetries\": 0,\n", "        \"MaxRetries\": 0,\n        \"cache_results\": true,\n", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ApplyAsync_NewMemberWithMissingParents_AddsIntermediateObjectsIndentedLikeTheFile()
    {
        var store = Store(JsonConfigFixtures.AppSettings);

        await ApplyAsync(store, new ConfigChange { Path = "Agent:Retry:TransientError:MaxRetries", NewValue = 3L });

        File.ReadAllText(store.Path).Should().Be(JsonConfigFixtures.AppSettings.Replace(
            "    \"Endpoints\": [ \"https://a.example\", \"https://b.example\" ]\n",
            "    \"Endpoints\": [ \"https://a.example\", \"https://b.example\" ],\n    \"Retry\": {\n      \"TransientError\": {\n        \"MaxRetries\": 3\n      }\n    }\n",
            StringComparison.Ordinal));
    }

    [Fact]
    public async Task ApplyAsync_NewMemberInOneLineObject_AddedInline()
    {
        var store = Store(JsonConfigFixtures.AppSettings);

        await ApplyAsync(store, new ConfigChange { Path = "Agent:Tools:fetch:MaxRetries", NewValue = 2L });

        File.ReadAllText(store.Path).Should().Contain("\"fetch\": { \"TimeoutSeconds\": 20.5, \"MaxRetries\": 2 }");
    }

    [Theory]
    [InlineData("Agent:Tools:search:TimeoutSeconds", 10L, 30L)]
    [InlineData("Agent:Routing:summarize", "gpt-4o", "gpt-4o-mini")]
    [InlineData("Agent:Endpoints:0", "https://a.example", "https://c.example")]
    [InlineData("Agent:Tools:search:Dedupe", null, true)]
    [InlineData("Agent:New:Deep:Value", null, 2.5)]
    [InlineData("Logging:LogLevel:Microsoft", null, "Warning")]
    public async Task ApplyThenInverse_AppSettings_RestoresOriginalBytesWithBomAndCrlf(string path, object? oldValue, object newValue)
    {
        var crlf = JsonConfigFixtures.AppSettings.Replace("\n", "\r\n", StringComparison.Ordinal);
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(crlf)).ToArray();
        var file = Folder.WriteBytes("appsettings.json", bytes);
        var store = new JsonConfigStore(new JsonConfigStoreOptions { Path = file });

        var plan = await store.PlanAsync([new ConfigChange { Path = path, OldValue = oldValue, NewValue = newValue }]);
        (await store.ApplyAsync(plan)).Status.Should().Be(ConfigWriteStatus.Applied);
        Value(await store.ReadAsync(), path).Should().Be(newValue);
        var afterApply = File.ReadAllBytes(file);
        afterApply.Take(3).Should().Equal(Encoding.UTF8.GetPreamble());
        Encoding.UTF8.GetString(afterApply).Replace("\r\n", string.Empty, StringComparison.Ordinal).Should().NotContain("\n", "line endings stay CRLF");
        var inverse = await store.PlanAsync(ConfigImprovementAction.Inverse(plan.Changes));
        (await store.ApplyAsync(inverse)).Status.Should().Be(ConfigWriteStatus.Applied);

        File.ReadAllBytes(file).Should().Equal(bytes);
    }

    [Theory]
    [InlineData("Agent:Tools", "names an object")]
    [InlineData("Agent:Endpoints:5", "array items are not added")]
    [InlineData("Agent:Routing:summarize:x", "to be an object")]
    public async Task PlanAsync_PathThatIsNotAValueSlot_RefusedAsUnsupported(string path, string why)
    {
        var store = Store(JsonConfigFixtures.AppSettings);

        var act = async () => await store.PlanAsync([new ConfigChange { Path = path, NewValue = 1L }]);

        (await act.Should().ThrowAsync<ConfigStoreException>()).Which.Message.Should().Contain(why).And.Contain(store.Path);
    }

    [Fact]
    public async Task PlanAsync_SamePathTwiceWithOtherSeparatorOrCase_Refused()
    {
        var store = Store(JsonConfigFixtures.AppSettings);

        var act = async () => await store.PlanAsync(
        [
            new ConfigChange { Path = "Agent:Routing:summarize", OldValue = "gpt-4o", NewValue = "a" },
            new ConfigChange { Path = "agent.routing.SUMMARIZE", OldValue = "gpt-4o", NewValue = "b" },
        ]);

        (await act.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("more than once");
    }

    [Theory]
    [InlineData("{\"a\": 1, \"A\": 2}", ConfigStoreError.DuplicateKey)]
    [InlineData("{\"a\": {\"b\": 1, \"b\": 1}}", ConfigStoreError.DuplicateKey)]
    [InlineData("{\"a\": [1, 2}", ConfigStoreError.Syntax)]
    [InlineData("{\"a\": 1e999}", ConfigStoreError.Syntax)]
    [InlineData("{\"a\": \"x\u0000\"}", ConfigStoreError.Syntax)]
    [InlineData("{\"a\": 1 /* open", ConfigStoreError.Syntax)]
    [InlineData("{\"a\": 'single'}", ConfigStoreError.Syntax)]
    [InlineData("{\"a\": \"never ends}", ConfigStoreError.Syntax)]
    public Task ReadAsync_HostileOrBrokenFile_RefusedWithTypedErrorNamingTheFile(string text, ConfigStoreError error) =>
        ReadIsRefusedAsync(text, error);

    [Fact]
    public async Task ReadAsync_InvalidUtf8_RefusedAsInvalidEncoding()
    {
        var file = Folder.WriteBytes("appsettings.json", [.. "{\"a\": \""u8.ToArray(), 0xC3, 0x28, .. "\"}"u8.ToArray()]);
        var store = new JsonConfigStore(new JsonConfigStoreOptions { Path = file });

        var act = async () => await store.ReadAsync();

        (await act.Should().ThrowAsync<ConfigStoreException>()).Which.Error.Should().Be(ConfigStoreError.InvalidEncoding);
    }

    [Fact]
    public async Task ReadAsync_StringLongerThanLimit_RefusedAsTooLarge()
    {
        var store = new JsonConfigStore(new JsonConfigStoreOptions { Path = Folder.Write("appsettings.json", "{\"a\": \"" + new string('x', 200) + "\"}"), MaxStringBytes = 100 });

        var act = async () => await store.ReadAsync();

        (await act.Should().ThrowAsync<ConfigStoreException>()).Which.Error.Should().Be(ConfigStoreError.TooLarge);
    }

    protected override IConfigStore Create(string path, int maxBytes = 1024 * 1024, bool allowMissingFile = false) =>
        new JsonConfigStore(new JsonConfigStoreOptions { Path = path, MaxBytes = maxBytes, AllowMissingFile = allowMissingFile });

    protected override string Nested(int depth) => "{\"a\": " + new string('[', depth - 1) + new string(']', depth - 1) + "}";

    private JsonConfigStore Store(string text) => new(new JsonConfigStoreOptions { Path = Folder.Write("appsettings.json", text) });
}
