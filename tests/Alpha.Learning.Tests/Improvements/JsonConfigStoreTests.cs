using System.Text;

using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;
using Alpha.Learning.Improvements.Internal;

namespace Alpha.Learning.Tests.Improvements;

public sealed class JsonConfigStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

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
        var file = _folder.WriteBytes("appsettings.json", bytes);
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

    [Fact]
    public async Task PlanAsync_ValueChangedSincePlanned_RefusedWithValueChanged()
    {
        var store = Store(JsonConfigFixtures.AppSettings);

        var act = async () => await store.PlanAsync([new ConfigChange { Path = "Agent:Tools:search:TimeoutSeconds", OldValue = 15L, NewValue = 20L }]);

        (await act.Should().ThrowAsync<ConfigStoreException>()).Which.Error.Should().Be(ConfigStoreError.ValueChanged);
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

    [Theory]
    [InlineData("a b")]
    [InlineData("a::b")]
    [InlineData("a/b")]
    public async Task PlanAsync_UnsafePath_RefusedBeforeReading(string path)
    {
        var store = Store(JsonConfigFixtures.AppSettings);

        var act = async () => await store.PlanAsync([new ConfigChange { Path = path, NewValue = 1L }]);

        await act.Should().ThrowAsync<ArgumentException>();
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
    public async Task ReadAsync_HostileOrBrokenFile_RefusedWithTypedErrorNamingTheFile(string text, ConfigStoreError error)
    {
        var store = Store(text);

        var act = async () => await store.ReadAsync();

        var thrown = (await act.Should().ThrowAsync<ConfigStoreException>()).Which;
        thrown.Error.Should().Be(error);
        thrown.Message.Should().Contain(store.Path);
        File.ReadAllText(store.Path).Should().Be(text);
    }

    [Fact]
    public async Task ReadAsync_InvalidUtf8_RefusedAsInvalidEncoding()
    {
        var file = _folder.WriteBytes("appsettings.json", [.. "{\"a\": \""u8.ToArray(), 0xC3, 0x28, .. "\"}"u8.ToArray()]);
        var store = new JsonConfigStore(new JsonConfigStoreOptions { Path = file });

        var act = async () => await store.ReadAsync();

        (await act.Should().ThrowAsync<ConfigStoreException>()).Which.Error.Should().Be(ConfigStoreError.InvalidEncoding);
    }

    [Theory]
    [InlineData(65, true)]
    [InlineData(60, false)]
    public async Task ReadAsync_NestingDepth_RefusedAboveLimit(int depth, bool refused)
    {
        var store = Store("{\"a\": " + new string('[', depth - 1) + new string(']', depth - 1) + "}");

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
    public async Task ReadAsync_StringLongerThanLimit_RefusedAsTooLarge()
    {
        var store = new JsonConfigStore(new JsonConfigStoreOptions { Path = _folder.Write("appsettings.json", "{\"a\": \"" + new string('x', 200) + "\"}"), MaxStringBytes = 100 });

        var act = async () => await store.ReadAsync();

        (await act.Should().ThrowAsync<ConfigStoreException>()).Which.Error.Should().Be(ConfigStoreError.TooLarge);
    }

    [Fact]
    public async Task ApplyAsync_FileChangedSincePlanned_ConflictAndNothingWritten()
    {
        var store = Store(JsonConfigFixtures.AppSettings);
        var plan = await store.PlanAsync([new ConfigChange { Path = "Agent:Tools:search:TimeoutSeconds", OldValue = 10L, NewValue = 20L }]);
        var edited = JsonConfigFixtures.AppSettings.Replace("gpt-4o", "gpt-4.1", StringComparison.Ordinal);
        File.WriteAllText(store.Path, edited);

        var result = await store.ApplyAsync(plan);

        result.Status.Should().Be(ConfigWriteStatus.Conflict);
        File.ReadAllText(store.Path).Should().Be(edited);
    }

    [Fact]
    public async Task ApplyAsync_FileMode_Kept()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var store = Store(JsonConfigFixtures.AppSettings);
        File.SetUnixFileMode(store.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        await ApplyAsync(store, new ConfigChange { Path = "Agent:Tools:search:TimeoutSeconds", OldValue = 10L, NewValue = 20L });

        File.GetUnixFileMode(store.Path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
    }

    [Fact]
    public async Task ApplyAsync_SymbolicLink_RefusedAndTargetUntouched()
    {
        var target = _folder.Write("real.json", JsonConfigFixtures.AppSettings);
        var link = _folder.File("appsettings.json");
        File.CreateSymbolicLink(link, target);
        var store = new JsonConfigStore(new JsonConfigStoreOptions { Path = link });
        var plan = await store.PlanAsync([new ConfigChange { Path = "Agent:Tools:search:TimeoutSeconds", OldValue = 10L, NewValue = 20L }]);

        var act = async () => await store.ApplyAsync(plan);

        (await act.Should().ThrowAsync<ConfigStoreException>()).Which.Error.Should().Be(ConfigStoreError.Unsupported);
        File.ReadAllText(target).Should().Be(JsonConfigFixtures.AppSettings);
        new FileInfo(link).LinkTarget.Should().NotBeNull();
    }

    [Fact]
    public async Task ApplyAsync_MissingFileAllowed_CreatesAnObject()
    {
        var store = new JsonConfigStore(new JsonConfigStoreOptions { Path = _folder.File("new.json"), AllowMissingFile = true });

        await ApplyAsync(store, new ConfigChange { Path = "tools.search.timeout", NewValue = 30L });

        File.ReadAllText(store.Path).Should().Be("{\n  \"tools\": {\n    \"search\": {\n      \"timeout\": 30\n    }\n  }\n}\n");
    }

    [Fact]
    public async Task PlanAsync_ResultTooLarge_RefusedAsTooLarge()
    {
        var store = new JsonConfigStore(new JsonConfigStoreOptions { Path = _folder.Write("appsettings.json", JsonConfigFixtures.AppSettings), MaxBytes = JsonConfigFixtures.AppSettings.Length + 5 });

        var act = async () => await store.PlanAsync([new ConfigChange { Path = "Agent:Routing:summarize", OldValue = "gpt-4o", NewValue = new string('m', 100) }]);

        (await act.Should().ThrowAsync<ConfigStoreException>()).Which.Error.Should().Be(ConfigStoreError.TooLarge);
    }

    private JsonConfigStore Store(string text) => new(new JsonConfigStoreOptions { Path = _folder.Write("appsettings.json", text) });

    private static async Task<ConfigWriteResult> ApplyAsync(JsonConfigStore store, ConfigChange change)
    {
        var plan = await store.PlanAsync([change]);
        return await store.ApplyAsync(plan);
    }

    private static object? Value(ConfigSnapshot snapshot, string path)
    {
        snapshot.TryGetValue(path, out var value).Should().BeTrue($"'{path}' should be in the snapshot");
        return value;
    }
}
