using Alpha.Learning.Analysis;
using Alpha.Learning.Cli.Tests.Report;
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
        File.WriteAllText(_folder.File(name), name.EndsWith("json", StringComparison.OrdinalIgnoreCase) ? "{}\n" : "a: 1\n");
        using var services = CliHost.Build(null, verbose: false, o => o.Config.Path = _folder.File(name));

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

/// <summary>A host maps the rules onto its option names in the <c>--settings</c> file, not in code.</summary>
public sealed class PathTemplateSettingsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Build_PathTemplatesInSettings_BoundAndFollowedByTheGuardrails()
    {
        var settings = _folder.File("settings.json");
        File.WriteAllText(settings, """
            { "AlphaLearning": { "Analysis": { "PathTemplates": {
                "ToolTimeoutPath": "Agent:Tools:{tool}:TimeoutSeconds",
                "ModelRoutingPath": "Agent:Routing:{task}" } } } }
            """);
        File.WriteAllText(_folder.File("appsettings.json"), "{}\n");
        using var services = CliHost.Build(settings, verbose: false, o => o.Config.Path = _folder.File("appsettings.json"));

        var options = CliHost.Get<Microsoft.Extensions.Options.IOptions<Alpha.Learning.DependencyInjection.AlphaLearningOptions>>(services).Value;
        options.Analysis.ToolTimeoutPath.Should().Be("Agent:Tools:{tool}:TimeoutSeconds");
        var guardrails = new Guardrails(CliHost.Get<Microsoft.Extensions.Options.IOptions<GuardrailOptions>>(services).Value);
        guardrails.FindRule("Agent:Tools:search:TimeoutSeconds").Should().NotBeNull();
        guardrails.FindRule("Agent:Routing:summarize").Should().NotBeNull();
    }
}
