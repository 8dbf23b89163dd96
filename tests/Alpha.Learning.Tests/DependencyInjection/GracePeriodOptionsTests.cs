using Alpha.Learning.Improvements;
using Alpha.Learning.Logs;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Alpha.Learning.Tests.DependencyInjection;

/// <summary>Issue 14, defect 4: the grace periods and caps are options a host and the CLI's --settings file can set.</summary>
public sealed class GracePeriodOptionsTests
{
    [Fact]
    public void AddAlphaLearning_SettingsWithGraceAndCaps_ReachTheExecutorAndTheLogSource()
    {
        using var folder = new Alpha.Learning.Tests.TestSupport.TempFolder();
        var config = folder.Write("agent.yaml", "tasks:\n  concurrency: 4\n");
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AlphaLearning:Config:Path"] = config,
            ["AlphaLearning:RecoveryGracePeriod"] = "00:01:30",
            ["AlphaLearning:Logs:MaxDecompressedLines"] = "5000",
            ["AlphaLearning:Logs:MaxDecompressedBytes"] = "1000000",
            ["AlphaLearning:Logs:UnterminatedLineGrace"] = "00:00:03",
        }).Build();
        var services = new ServiceCollection();
        services.AddAlphaLearning(o => settings.GetSection("AlphaLearning").Bind(o));
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IOptions<ImprovementExecutorOptions>>().Value.RecoveryGracePeriod.Should().Be(TimeSpan.FromSeconds(90));
        var logs = provider.GetRequiredService<IOptions<JsonLinesLogSourceOptions>>().Value;
        logs.MaxDecompressedLines.Should().Be(5000);
        logs.MaxDecompressedBytes.Should().Be(1_000_000);
        logs.UnterminatedLineGrace.Should().Be(TimeSpan.FromSeconds(3));
    }
}
