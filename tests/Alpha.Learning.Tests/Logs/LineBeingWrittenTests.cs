using Alpha.Learning.Logs;

namespace Alpha.Learning.Tests.Logs;

/// <summary>Issue 14, defect 10: the line an agent is still writing at the end of its log file is not an invalid_json line.</summary>
public sealed class LineBeingWrittenTests
{
    private const string Start = """{"event":"task_start","timestamp":"2026-11-20T10:00:00Z","task_id":"t1","task_name":"web_research"}""";

    [Fact]
    public async Task ReadAsync_FileJustWrittenEndsInACutObject_LeavesTheLineForTheNextRead()
    {
        using var folder = new TempFolder();
        var file = folder.Write("agent.jsonl", Start + "\n" + Start + "\n" + Start[..40]);

        var (events, stats) = await ReadAsync(file, new JsonLinesLogSourceOptions());

        events.Should().HaveCount(2);
        stats.Malformed.Should().Be(0, "the last line is still being written");
        stats.Lines.Should().Be(2);

        await File.AppendAllTextAsync(file, Start[40..] + "\n");
        (await ReadAsync(file, new JsonLinesLogSourceOptions())).Events.Should().HaveCount(3, "the next read gets the line whole");
    }

    [Fact]
    public async Task ReadAsync_OldFileEndsInACutObject_CountsItInvalid()
    {
        using var folder = new TempFolder();
        var file = folder.Write("agent.jsonl", Start + "\n" + Start[..40]);
        File.SetLastWriteTimeUtc(file, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        var (events, stats) = await ReadAsync(file, new JsonLinesLogSourceOptions());

        events.Should().ContainSingle();
        stats.MalformedByReason.Should().ContainKey(MalformedReason.InvalidJson);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("""{"event":"task_start"} trailing""")]
    public async Task ReadAsync_FileJustWrittenEndsInAnInvalidLine_CountsItAsUsual(string last)
    {
        using var folder = new TempFolder();
        var file = folder.Write("agent.jsonl", Start + "\n" + last);

        var (_, stats) = await ReadAsync(file, new JsonLinesLogSourceOptions());

        stats.Malformed.Should().Be(1);
    }

    [Fact]
    public async Task ReadAsync_FileJustWrittenEndsInACompleteObjectWithoutNewline_ReadsIt()
    {
        using var folder = new TempFolder();
        var file = folder.Write("agent.jsonl", Start + "\n" + Start);

        (await ReadAsync(file, new JsonLinesLogSourceOptions())).Events.Should().HaveCount(2);
    }

    [Fact]
    public async Task ReadAsync_GraceZero_CountsTheCutLineInvalid()
    {
        using var folder = new TempFolder();
        var file = folder.Write("agent.jsonl", Start + "\n" + Start[..40]);

        var (_, stats) = await ReadAsync(file, new JsonLinesLogSourceOptions { UnterminatedLineGrace = TimeSpan.Zero });

        stats.MalformedByReason.Should().ContainKey(MalformedReason.InvalidJson);
    }

    private static async Task<(List<ExecutionEvent> Events, LogReadStatistics Stats)> ReadAsync(string path, JsonLinesLogSourceOptions options)
    {
        var source = new JsonLinesLogSource(options);
        var stats = new LogReadStatistics();
        var events = new List<ExecutionEvent>();
        await foreach (var e in source.ReadAsync(new LogQuery { Paths = [path] }, stats))
        {
            events.Add(e);
        }

        return (events, stats);
    }
}
