using Alpha.Learning.Improvements;

using Microsoft.Extensions.DependencyInjection;

namespace Alpha.Learning.Tests.DependencyInjection;

public sealed class JsonConfigStoreBuilderExtensionsTests
{
    [Fact]
    public void UseJsonConfigStore_Path_ReplacesTheYamlStoreWithAJsonStoreOnThatFile()
    {
        var services = new ServiceCollection();
        services.AddAlphaLearning(o =>
        {
            o.Store.DatabasePath = ":memory:";
            o.Config.Path = "agent.yaml";
        }).UseJsonConfigStore("appsettings.json", o => o.MaxDepth = 10);

        using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<IConfigStore>().Should().BeOfType<JsonConfigStore>().Subject;
        store.Path.Should().Be(Path.GetFullPath("appsettings.json"));
    }

    [Theory]
    [InlineData("appsettings.json", typeof(JsonConfigStore))]
    [InlineData("agent.yaml", typeof(YamlConfigStore))]
    public void AddAlphaLearning_ConfigPathExtension_SelectsTheStore(string path, Type expected)
    {
        var services = new ServiceCollection();
        services.AddAlphaLearning(o =>
        {
            o.Store.DatabasePath = ":memory:";
            o.Config.Path = path;
            o.Config.AllowMissingFile = true;
        });

        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IConfigStore>().Should().BeOfType(expected);
    }

    [Fact]
    public void UseJsonConfigStore_NoConfigPathInOptions_LoopBuildsAndTheOptionsNameTheFile()
    {
        var services = new ServiceCollection();
        services.AddAlphaLearning(o =>
        {
            o.Store.DatabasePath = ":memory:";
            o.Config.AllowMissingFile = true;
        }).UseJsonConfigStore("appsettings.json");

        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<Alpha.Learning.Loop.FeedbackLoop>();
        act.Should().NotThrow("UseJsonConfigStore names the file the options validation asks for");
        provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<Alpha.Learning.DependencyInjection.AlphaLearningOptions>>().Value.Config.Path.Should().Be("appsettings.json");
    }

    [Fact]
    public void UseJsonConfigStore_EmptyPath_Throws()
    {
        var builder = new ServiceCollection().AddAlphaLearning();

        var act = () => builder.UseJsonConfigStore(" ");

        act.Should().Throw<ArgumentException>();
    }
}
