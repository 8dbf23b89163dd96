using System.IO.Compression;
using System.Text;

using Alpha.Learning.Logs;

namespace Alpha.Learning.Tests.Logs;

/// <summary>Issue 14, defect 7: gzip bombs stop at a cap, and truncated or corrupt streams are reported as unreadable data with the line reached.</summary>
public sealed class GzipLimitTests
{
    private const string Start = """{"event":"task_start","timestamp":"2026-11-20T10:00:00Z","task_id":"t1","task_name":"web_research"}""";

    [Fact]
    public async Task ReadAsync_TruncatedGzip_ReportsUnreadableDataAtTheLineItReached()
    {
        using var folder = new TempFolder();
        var compressed = Gzip(string.Concat(Enumerable.Range(0, 2000).Select(i => Start.Replace("t1", $"t{i}", StringComparison.Ordinal) + "\n")));
        var file = folder.WriteBytes("old.jsonl.1.gz", compressed[..(compressed.Length / 2)]);

        var (events, stats) = await ReadAsync(file, new JsonLinesLogSourceOptions());

        events.Should().HaveCountGreaterThan(100, "what the truncated file holds is read");
        var sample = stats.Samples.Should().ContainSingle(s => s.Reason == MalformedReason.UnreadableData, "a truncated stream is not a silent end of file").Subject;
        sample.Line.Should().Be(events.Count + 1);
        sample.File.Should().Be(file);
        stats.MalformedByReason.Should().NotContainKey(MalformedReason.InvalidJson, "the line cut by the truncation is not a JSON error");
    }

    [Fact]
    public async Task ReadAsync_GzipOfNewlinesOverTheLineCap_StopsAtTheCapNamingTheOption()
    {
        using var folder = new TempFolder();
        var file = folder.WriteBytes("bomb.jsonl.gz", Gzip(Start + "\n" + new string('\n', 3_000_000)));

        var (events, stats) = await ReadAsync(file, new JsonLinesLogSourceOptions { MaxDecompressedLines = 1_000_000 });

        events.Should().ContainSingle();
        stats.Lines.Should().BeLessThanOrEqualTo(1_100_000, "the read stops near the cap, not after 3 million lines");
        var sample = stats.Samples.Should().ContainSingle(s => s.Reason == MalformedReason.UnreadableData).Subject;
        sample.Detail.Should().Contain("1000000 lines").And.Contain("MaxDecompressedLines");
    }

    [Fact]
    public async Task ReadAsync_GzipOverTheByteCap_StopsAtTheCapNamingTheOption()
    {
        using var folder = new TempFolder();
        var file = folder.WriteBytes("big.jsonl.gz", Gzip(Start + "\n" + new string(' ', 2_000_000) + "\n" + Start + "\n"));

        var (events, stats) = await ReadAsync(file, new JsonLinesLogSourceOptions { MaxDecompressedBytes = 100_000 });

        events.Should().HaveCountLessThanOrEqualTo(1);
        var sample = stats.Samples.Should().ContainSingle(s => s.Reason == MalformedReason.UnreadableData).Subject;
        sample.Detail.Should().Contain("100000 bytes").And.Contain("MaxDecompressedBytes");
    }

    [Fact]
    public async Task ReadAsync_GzipUnderTheDefaultCaps_ReadsEverything()
    {
        using var folder = new TempFolder();
        var file = folder.WriteBytes("ok.jsonl.gz", Gzip(string.Concat(Enumerable.Repeat(Start + "\n", 5000))));

        var (events, stats) = await ReadAsync(file, new JsonLinesLogSourceOptions());

        events.Should().HaveCount(5000);
        stats.Malformed.Should().Be(0);
    }

    [Fact]
    public void Constructor_ZeroCap_ThrowsNamingTheOption()
    {
        var act = () => new JsonLinesLogSource(new JsonLinesLogSourceOptions { MaxDecompressedLines = 0 });

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*MaxDecompressedLines*");
    }

    private static byte[] Gzip(string text)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return compressed.ToArray();
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
