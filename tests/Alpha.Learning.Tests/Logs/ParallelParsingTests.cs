using System.IO.Compression;
using System.Text;

using Alpha.Learning.Logs;

namespace Alpha.Learning.Tests.Logs;

/// <summary>
/// The source cuts files into blocks of lines parsed on several threads: whatever the parallelism, events, counts
/// and malformed-line samples (with their line numbers) come out exactly as a single thread reads them.
/// </summary>
public class ParallelParsingTests
{
    private static string Event(int file, int i) =>
        $$"""{"event":"tool_execution","timestamp":"2026-11-20T{{10 + file:D2}}:{{i / 3600 % 60:D2}}:{{i / 60 % 60:D2}}.{{i % 60:D3}}Z","task_id":"t-{{file}}-{{i}}","tool_name":"search","parameters":{"q":"{{i % 7}}"},"duration":{{i % 13}}.5,"success":true}""";

    /// <summary>Writes files whose lines cross many blocks (1,024 lines or 64 KiB each), with malformed lines at block edges.</summary>
    private static (TempFolder Folder, int Events, List<(string File, long Line)> Bad, int Blank) WriteLogs(int files, int linesPerFile)
    {
        var folder = new TempFolder();
        var bad = new List<(string File, long Line)>();
        var events = 0;
        var blank = 0;
        for (var f = 0; f < files; f++)
        {
            var name = $"agent-{f}.jsonl";
            var text = new StringBuilder();
            for (var i = 1; i <= linesPerFile; i++)
            {
                if (i is 1 or 1023 or 1024 or 1025 or 2049 || i == linesPerFile || i % 997 == 0)
                {
                    text.Append(i % 2 == 0 ? "{\"event\":" : "[1,2]").Append('\n');
                    bad.Add((folder.File(name), i));
                }
                else if (i % 500 == 0)
                {
                    text.Append("   \n");
                    blank++;
                }
                else
                {
                    text.Append(Event(f, i)).Append('\n');
                    events++;
                }
            }

            folder.Write(name, text.ToString());
        }

        return (folder, events, bad, blank);
    }

    private static async Task<(List<ExecutionEvent> Events, LogReadStatistics Stats)> ReadAsync(string path, int parallelism, int samples = 1000)
    {
        var source = new JsonLinesLogSource(new JsonLinesLogSourceOptions { MaxParallelism = parallelism, MalformedSamplesPerReason = samples });
        var stats = new LogReadStatistics(samples);
        var events = new List<ExecutionEvent>();
        await foreach (var e in source.ReadAsync(new LogQuery { Paths = [path] }, stats))
        {
            events.Add(e);
        }

        return (events, stats);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(8)]
    public async Task ReadAsync_AnyParallelism_DeliversEveryEventInFileAndLineOrder(int parallelism)
    {
        var (folder, expected, bad, blank) = WriteLogs(files: 3, linesPerFile: 5_000);
        using var cleanup = folder;

        var (events, stats) = await ReadAsync(folder.Path, parallelism);

        events.Should().HaveCount(expected);
        stats.Events.Should().Be(expected);
        events.Select(e => e.Timestamp).Should().BeInAscendingOrder();
        var ids = events.Select(e => e.TaskId!).ToList();
        ids.Should().OnlyHaveUniqueItems();
        ids[0].Should().Be("t-0-2");
        ids[^1].Should().Be("t-2-4999");
        stats.Malformed.Should().Be(bad.Count);
        stats.BlankLines.Should().Be(blank);
        stats.Samples.Select(s => (s.File, s.Line)).Should().Equal(bad, "samples are recorded in file and line order with their exact line numbers");
    }

    [Fact]
    public async Task ReadAsync_SerialAndParallel_GiveTheSameEventsAndStatistics()
    {
        var (folder, _, _, _) = WriteLogs(files: 2, linesPerFile: 7_000);
        using var cleanup = folder;

        var (serial, serialStats) = await ReadAsync(folder.Path, 1, samples: 3);
        var (parallel, parallelStats) = await ReadAsync(folder.Path, 4, samples: 3);

        parallel.Select(e => (e.TaskId, e.Timestamp, e.Parameters, e.Duration)).Should().Equal(serial.Select(e => (e.TaskId, e.Timestamp, e.Parameters, e.Duration)));
        parallelStats.Samples.Select(s => (s.File, s.Line, s.Reason)).Should().Equal(serialStats.Samples.Select(s => (s.File, s.Line, s.Reason)));
        parallelStats.MalformedByReason.Should().BeEquivalentTo(serialStats.MalformedByReason);
        parallelStats.Lines.Should().Be(serialStats.Lines);
        parallelStats.Bytes.Should().Be(serialStats.Bytes);
    }

    [Fact]
    public async Task ReadAsync_LinesLongerThanABlock_AreReadWhole()
    {
        using var folder = new TempFolder();
        var big = "{\"event\":\"task_start\",\"timestamp\":\"2026-11-20T10:00:01Z\",\"task_id\":\"big\",\"task_name\":\"" + new string('a', 200_000) + "\"}";
        var lines = Enumerable.Range(0, 3000).Select(i => Event(0, i)).ToList();
        lines.Insert(1500, big);
        lines.Insert(0, big);
        var file = folder.Write("run.jsonl", string.Join("\n", lines));

        var (events, stats) = await ReadAsync(file, 2);

        events.Should().HaveCount(3002);
        events[0].TaskName.Should().HaveLength(200_000);
        events[1501].TaskName.Should().HaveLength(200_000);
        stats.Malformed.Should().Be(0);
    }

    [Fact]
    public async Task ReadAsync_CorruptGzipAfterManyBlocks_ReportsTheLineAfterTheLastOneRead()
    {
        using var folder = new TempFolder();
        var text = string.Join("\n", Enumerable.Range(0, 20_000).Select(i => Event(0, i))) + "\n";
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        var bytes = compressed.ToArray();
        // Corrupt the deflate stream well past its start: what decompresses before it is read, the rest is reported.
        for (var i = bytes.Length / 2; i < bytes.Length - 8; i++)
        {
            bytes[i] = 0xFF;
        }

        var file = folder.WriteBytes("agent.jsonl.1.gz", bytes);

        var (events, stats) = await ReadAsync(file, 2);

        var sample = stats.Samples.Should().ContainSingle(s => s.Reason == MalformedReason.UnreadableData).Subject;
        sample.File.Should().Be(file);
        (stats.Lines - stats.BlankLines).Should().BeGreaterThan(1000);
        sample.Line.Should().Be(events.Count + stats.Samples.Count(s => s.Reason != MalformedReason.UnreadableData) + 1);
    }

    [Fact]
    public async Task ReadAsync_FileGoneBeforeItsTurn_DeliversEveryOtherEventAndCountsItUnreadable()
    {
        using var folder = new TempFolder();
        var first = folder.Write("a.jsonl", string.Join("\n", Enumerable.Range(0, 50_000).Select(i => Event(0, i))));
        var second = folder.Write("b.jsonl", Event(1, 0));
        var source = new JsonLinesLogSource(new JsonLinesLogSourceOptions { MaxParallelism = 2 });
        var statistics = new LogReadStatistics();
        var read = 0;

        await foreach (var unused in source.ReadAsync(new LogQuery { Paths = [first, second] }, statistics))
        {
            if (++read == 10)
            {
                // The reader is bounded to a few blocks ahead, so it has not reached the second file yet.
                File.Delete(second);
            }
        }

        read.Should().Be(50_000);
        statistics.SkippedFiles.Should().ContainSingle().Which.Should().BeEquivalentTo(new { File = second, Reason = SkippedFileReason.Unreadable }, "one file that cannot be read no longer stops the whole read (issue 14)");
    }

    [Fact]
    public async Task ReadAsync_ConsumerStopsEarly_ReleasesTheFilesAndCanReadAgain()
    {
        var (folder, expected, _, _) = WriteLogs(files: 2, linesPerFile: 20_000);
        using var cleanup = folder;
        var source = new JsonLinesLogSource(new JsonLinesLogSourceOptions { MaxParallelism = 2 });

        for (var round = 0; round < 20; round++)
        {
            var taken = 0;
            await foreach (var unused in source.ReadAsync(new LogQuery { Paths = [folder.Path] }))
            {
                if (++taken == 10 + round)
                {
                    break;
                }
            }

            taken.Should().Be(10 + round);
        }

        var (events, _) = await ReadAsync(folder.Path, 2);
        events.Should().HaveCount(expected);
    }
}
