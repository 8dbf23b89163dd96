using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;

namespace Alpha.Learning.Cli.Tests;

/// <summary><c>--config</c> picks the config store by the file's extension: <c>.json</c> edits JSON, <c>.yaml</c>/<c>.yml</c> YAML.</summary>
public sealed class ConfigStoreSelectionTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("appsettings.json", typeof(JsonConfigStore))]
    [InlineData("APPSETTINGS.Production.JSON", typeof(JsonConfigStore))]
    [InlineData("agent.yaml", typeof(YamlConfigStore))]
    [InlineData("agent.yml", typeof(YamlConfigStore))]
    public void Build_ConfigFileExtension_SelectsTheStore(string name, Type expected)
    {
        var file = _folder.File(name);
        File.WriteAllText(file, string.Empty);
        using var services = CliHost.Build(null, verbose: false, o => o.Config.Path = file);

        CliHost.Get<IConfigStore>(services).Should().BeOfType(expected);
    }

    [Fact]
    public async Task Build_JsonConfig_StoreEditsTheFileKeepingComments()
    {
        var file = _folder.File("appsettings.json");
        await File.WriteAllTextAsync(file, "{\n  // tools\n  \"tools\": { \"search\": { \"timeout\": 10 } }\n}\n");
        using var services = CliHost.Build(null, verbose: false, o => o.Config.Path = file);
        var store = CliHost.Get<IConfigStore>(services);

        var plan = await store.PlanAsync([new ConfigChange { Path = "tools.search.timeout", OldValue = 10L, NewValue = 20L }]);
        (await store.ApplyAsync(plan)).Status.Should().Be(ConfigWriteStatus.Applied);

        (await File.ReadAllTextAsync(file)).Should().Be("{\n  // tools\n  \"tools\": { \"search\": { \"timeout\": 20 } }\n}\n");
    }
}
