using System.Text;
using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;
using Alpha.Learning.Tests.TestSupport;

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

    private YamlConfigStore Store(string text, string name = "agent.yaml") =>
        new(new YamlConfigStoreOptions { Path = _folder.WriteBytes(name, Encoding.UTF8.GetBytes(text)) });

    private static object? Value(ConfigSnapshot snapshot, string path)
    {
        snapshot.TryGetValue(path, out var value).Should().BeTrue($"'{path}' should have a value");
        return value;
    }
}
