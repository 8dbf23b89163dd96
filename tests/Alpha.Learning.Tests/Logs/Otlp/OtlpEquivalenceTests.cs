using Alpha.Learning.Analysis;
using Alpha.Learning.LogGenerator;

using Microsoft.Extensions.DependencyInjection;

namespace Alpha.Learning.Tests.Logs.Otlp;

/// <summary>
/// The same agent activity written as JSON-lines logs and as OTLP JSON traces gives the same patterns with the same
/// counts: the generator's corpus, converted span by span, analysed both ways.
/// </summary>
public sealed class OtlpEquivalenceTests
{
    [Theory]
    [InlineData(42, 2.0)]
    [InlineData(2027, 1.5)]
    public async Task AnalyzeLogsAsync_GeneratedCorpusAsOtlpTraces_FindsTheSamePatternsWithTheSameCounts(int seed, double megabytes)
    {
        using var folder = new TempFolder();
        var logs = Path.Combine(folder.Path, "logs");
        var traces = Path.Combine(folder.Path, "traces");
        var generated = ExecutionLogGenerator.Generate(logs, new LogGeneratorOptions { Seed = seed, SizeMegabytes = megabytes, Files = 3 });
        var converted = await OtlpTraceConverter.ConvertAsync([logs], Path.Combine(traces, "traces.jsonl"));
        converted.Tasks.Should().Be(generated.Tasks);
        converted.Skipped.Should().Be(0);

        var fromLogs = await AnalyzeAsync(folder, logs);
        var fromTraces = await AnalyzeAsync(folder, traces);

        fromTraces.Statistics.OtlpFiles.Should().Be(1);
        fromTraces.Statistics.Malformed.Should().Be(0);
        fromLogs.Patterns.Should().NotBeEmpty();
        Summary(fromTraces).Should().Equal(Summary(fromLogs));
        fromTraces.EventsByKind.Should().BeEquivalentTo(fromLogs.EventsByKind);
    }

    private static List<string> Summary(AnalysisResult result) =>
        [.. result.Patterns.Select(p => $"{p.Type}|{p.Key}|{p.Occurrences}|{p.Fingerprint}").Order(StringComparer.Ordinal)];

    private static async Task<AnalysisResult> AnalyzeAsync(TempFolder folder, string path)
    {
        var services = new ServiceCollection();
        var config = folder.File("agent.yaml");
        if (!File.Exists(config))
        {
            File.WriteAllText(config, "tasks: {}\n");
        }

        services.AddAlphaLearning(o => o.Config.Path = config);
        await using var provider = services.BuildServiceProvider();
        return await provider.GetRequiredService<LogAnalyzer>().AnalyzeLogsAsync(files: [path]);
    }
}
