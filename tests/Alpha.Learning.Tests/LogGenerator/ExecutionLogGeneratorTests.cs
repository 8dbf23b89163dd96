using Alpha.Learning.LogGenerator;
using Alpha.Learning.Logs;

namespace Alpha.Learning.Tests.LogGenerator;

public class ExecutionLogGeneratorTests
{
    [Fact]
    public void Generate_SameSeed_WritesByteIdenticalFiles()
    {
        using var a = new TempFolder();
        using var b = new TempFolder();
        var options = new LogGeneratorOptions { SizeMegabytes = 0.5, Files = 2, MalformedRate = 0.01, TimestampStyle = GeneratedTimestampStyle.Mixed };

        var first = ExecutionLogGenerator.Generate(a.Path, options);
        var second = ExecutionLogGenerator.Generate(b.Path, options);

        first.Files.Should().HaveCount(2);
        for (var i = 0; i < first.Files.Count; i++)
        {
            File.ReadAllBytes(first.Files[i]).Should().Equal(File.ReadAllBytes(second.Files[i]));
        }
    }

    [Fact]
    public async Task Generate_WithMalformedLines_SourceCountsExactlyWhatWasWritten()
    {
        using var folder = new TempFolder();
        var written = ExecutionLogGenerator.Generate(folder.Path, new LogGeneratorOptions
        {
            SizeMegabytes = 1,
            Files = 3,
            MalformedRate = 0.02,
            TimestampStyle = GeneratedTimestampStyle.Mixed,
            CompressOlderFiles = true,
        });

        var stats = new LogReadStatistics();
        var kinds = new Dictionary<ExecutionEventKind, long>();
        await foreach (var e in new JsonLinesLogSource().ReadAsync(new LogQuery { Paths = [folder.Path] }, stats))
        {
            kinds[e.Kind] = kinds.GetValueOrDefault(e.Kind) + 1;
        }

        written.Files.Should().HaveCount(3);
        written.Files.Take(2).Should().OnlyContain(f => f.EndsWith(".gz", StringComparison.Ordinal));
        stats.Events.Should().Be(written.Events);
        stats.Malformed.Should().Be(written.Malformed);
        stats.Lines.Should().Be(written.Lines);
        kinds.Keys.Should().Contain([ExecutionEventKind.TaskStart, ExecutionEventKind.TaskComplete, ExecutionEventKind.TaskError, ExecutionEventKind.ToolExecution, ExecutionEventKind.LlmInteraction]);
    }

    [Fact]
    public void Generate_SizeAndSpan_AreRoughlyAsAsked()
    {
        using var folder = new TempFolder();
        var options = new LogGeneratorOptions { SizeMegabytes = 2, Span = TimeSpan.FromDays(7) };

        var written = ExecutionLogGenerator.Generate(folder.Path, options);

        written.Bytes.Should().BeInRange(1_400_000, 2_600_000);
    }
}
