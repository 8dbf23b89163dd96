using System.Text;

using Alpha.Learning.Logs;

namespace Alpha.Learning.Tests.Logs;

/// <summary>
/// Hostile lines, early stops, dropped enumerators and line-ending edge cases: none may end a read, leak a thread or
/// an open file, or lose a line without counting it.
/// </summary>
/// <remarks>Counted process-wide (threads, open files), so the class runs alone, not beside other test classes.</remarks>
[Collection(nameof(LogSourceRobustnessTests))]
public class LogSourceRobustnessTests
{
    private static string Ev(int i) =>
        $$"""{"event":"tool_execution","timestamp":"2026-11-20T10:{{i / 60 % 60:D2}}:{{i % 60:D2}}Z","task_id":"t-{{i}}","tool_name":"search"}""";

    /// <summary>The source's reader and parser threads now alive in this process (Linux: /proc names threads).</summary>
    private static int PipelineThreads() =>
        Directory.GetDirectories("/proc/self/task").Count(t =>
        {
            try
            {
                return File.ReadAllText(Path.Combine(t, "comm")).StartsWith("Alpha.Learning ", StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false; // The thread ended while we looked.
            }
        });

    /// <summary>The files below a folder this process holds open (Linux: /proc/self/fd).</summary>
    private static int OpenFiles(string dir) =>
        Directory.GetFiles("/proc/self/fd").Count(fd =>
        {
            try
            {
                return new FileInfo(fd).LinkTarget?.StartsWith(dir, StringComparison.Ordinal) == true;
            }
            catch (IOException)
            {
                return false;
            }
        });

    [Theory]
    [InlineData("""{"event":"task_error","timestamp":"2026-11-20T10:00:02Z","task_name":"x","error":"\ud800"}""")]
    [InlineData("""{"event":"task_start","timestamp":"2026-11-20T10:00:02Z","task_name":"\udc00"}""")]
    [InlineData("""{"event":"task_start","timestamp":"2026-11-20T10:00:02Z","task_name":"x","\ud800":1}""")]
    [InlineData("""{"event":"my_event","timestamp":"2026-11-20T10:00:02Z","k":"\ud800"}""")]
    [InlineData("""{"event":"task_start","timestamp":"\ud800","task_name":"x"}""")]
    public async Task LoneSurrogateEscape_IsCountedAndSkipped_NotFatalToTheRead(string hostile)
    {
        using var folder = new TempFolder();
        var file = folder.Write("a.jsonl", string.Join("\n", Enumerable.Range(0, 1000).Select(Ev)) + "\n" + hostile + "\n" + Ev(1001) + "\n");
        var stats = new LogReadStatistics();
        var events = new List<ExecutionEvent>();

        await foreach (var e in new JsonLinesLogSource(new JsonLinesLogSourceOptions { MaxParallelism = 2 }).ReadAsync(new LogQuery { Paths = [file] }, stats))
        {
            events.Add(e);
        }

        events.Should().HaveCount(1001);
        stats.Malformed.Should().Be(1);
    }

    [Fact]
    public async Task AbandonedEnumerator_DoesNotLeakThreadsOrFileHandles()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // Counts threads and open files through /proc; CI runs on Linux.
        }

        using var folder = new TempFolder();
        var file = folder.Write("a.jsonl", string.Join("\n", Enumerable.Range(0, 50_000).Select(Ev)) + "\n");
        await TakeOneAndDropAsync(file);
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            await Task.Delay(200);
        }

        OpenFiles(folder.Path).Should().Be(0, "the finalizer of a dropped enumerator's pipeline stops the reader");
        await WaitForNoPipelineThreadsAsync();
    }

    /// <summary>A thread whose work has ended may still be leaving the OS for a moment: allow it two seconds.</summary>
    private static async Task WaitForNoPipelineThreadsAsync()
    {
        for (var i = 0; i < 40 && PipelineThreads() > 0; i++)
        {
            await Task.Delay(50);
        }

        PipelineThreads().Should().Be(0, "no reader or parser thread outlives its read");
    }

    private static async Task TakeOneAndDropAsync(string file)
    {
        var e = new JsonLinesLogSource(new JsonLinesLogSourceOptions { MaxParallelism = 2 }).ReadAsync(new LogQuery { Paths = [file] }).GetAsyncEnumerator();
        await e.MoveNextAsync();
    }

    [Fact]
    public async Task ConsumerStopsEarly_FilesAreClosedWhenTheEnumerationEnds()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // Counts threads and open files through /proc; CI runs on Linux.
        }

        using var folder = new TempFolder();
        for (var f = 0; f < 4; f++)
        {
            folder.Write($"f{f}.jsonl", string.Join("\n", Enumerable.Range(0, 20_000).Select(Ev).Select(l => l.Replace("T10:", $"T{10 + f}:", StringComparison.Ordinal))) + "\n");
        }

        var stillOpen = new List<int>();
        for (var round = 0; round < 20; round++)
        {
            var n = 0;
            await foreach (var unused in new JsonLinesLogSource(new JsonLinesLogSourceOptions { MaxParallelism = 2 }).ReadAsync(new LogQuery { Paths = [folder.Path] }))
            {
                if (++n == 10 + round)
                {
                    break;
                }
            }

            stillOpen.Add(OpenFiles(folder.Path));
        }

        stillOpen.Should().OnlyContain(x => x == 0, "disposing the enumerator waits until the reader has closed the file");
        await WaitForNoPipelineThreadsAsync();
    }

    [Fact]
    public async Task CrLfLineOfExactlyMaxLineBytes_IsReadLikeTheLfOne()
    {
        using var folder = new TempFolder();
        var line = Ev(1);
        var options = new JsonLinesLogSourceOptions { MaxLineBytes = Encoding.UTF8.GetByteCount(line) };
        var file = folder.Write("a.jsonl", line + "\r\n");
        var stats = new LogReadStatistics();
        await foreach (var unused in new JsonLinesLogSource(options).ReadAsync(new LogQuery { Paths = [file] }, stats))
        {
        }

        stats.Events.Should().Be(1);
    }

    [Fact]
    public async Task TooLongLastLineWithoutNewline_IsCounted()
    {
        using var folder = new TempFolder();
        // MaxLineBytes 124: the reader rents a 128-byte buffer; a final 256-byte line with no newline fills it exactly twice.
        var file = folder.WriteBytes("a.jsonl", [.. Encoding.UTF8.GetBytes(Ev(1) + "\n"), .. Enumerable.Repeat((byte)'x', 256)]);
        var stats = new LogReadStatistics();
        await foreach (var unused in new JsonLinesLogSource(new JsonLinesLogSourceOptions { MaxLineBytes = 124 }).ReadAsync(new LogQuery { Paths = [file] }, stats))
        {
        }

        stats.Lines.Should().Be(2);
        stats.MalformedByReason.Should().ContainKey(MalformedReason.LineTooLong);
    }

    [Fact]
    public async Task BomAfterATooLongFirstLine_IsNotTakenForTheFileStart()
    {
        using var folder = new TempFolder();
        var file = folder.WriteBytes("a.jsonl", [.. Enumerable.Repeat((byte)'x', 300), (byte)'\n', 0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Ev(1) + "\n")]);
        var stats = new LogReadStatistics();
        await foreach (var unused in new JsonLinesLogSource(new JsonLinesLogSourceOptions { MaxLineBytes = 124 }).ReadAsync(new LogQuery { Paths = [file] }, stats))
        {
        }

        stats.MalformedByReason.Should().ContainKey(MalformedReason.LineTooLong);
        stats.Events.Should().Be(0, "a byte-order mark only starts a file, so on line 2 it makes the line invalid");
        stats.Malformed.Should().Be(2);
    }

    private static string Ordered(int i) =>
        $$"""{"event":"tool_execution","timestamp":"{{new DateTime(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc).AddSeconds(i):yyyy-MM-ddTHH:mm:ss}}Z","task_id":"t-{{i}}","tool_name":"search"}""";

    /// <summary>
    /// Many reads at once, at every parallelism, some stopped early, some cancelled mid-read, some slow to consume:
    /// every one must end (a lost wake-up would hang it) with exactly the events it should have, in order.
    /// </summary>
    [Fact]
    public async Task ManyConcurrentReads_EveryOneEnds_WithTheRightEvents()
    {
        using var folder = new TempFolder();
        for (var f = 0; f < 3; f++)
        {
            folder.Write($"agent-{f}.jsonl", string.Join("\n", Enumerable.Range(f * 2000, 2000).Select(Ordered)) + "\n");
        }

        var random = new Random(99);
        for (var round = 0; round < 25; round++)
        {
            var reads = Enumerable.Range(0, 6).Select(i => ReadOnceAsync(folder.Path, parallelism: 1 + ((round + i) % 4), mode: random.Next(4), seed: random.Next())).ToList();
            var all = Task.WhenAll(reads);
            (await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(60)))).Should().BeSameAs(all, $"every read of round {round} should end");
            await all;
        }

        await WaitForNoPipelineThreadsAsync();
    }

    /// <summary>Mode 0 reads all, 1 stops early, 2 cancels mid-read, 3 consumes slowly (yields now and then).</summary>
    private static async Task ReadOnceAsync(string path, int parallelism, int mode, int seed)
    {
        var random = new Random(seed);
        var stopAt = random.Next(1, 6000);
        using var cancel = new CancellationTokenSource();
        var source = new JsonLinesLogSource(new JsonLinesLogSourceOptions { MaxParallelism = parallelism });
        var count = 0;
        try
        {
            await foreach (var e in source.ReadAsync(new LogQuery { Paths = [path] }, cancellationToken: cancel.Token))
            {
                e.TaskId.Should().Be($"t-{count}", "events come in file and line order");
                count++;
                if (mode == 1 && count == stopAt)
                {
                    return;
                }

                if (mode == 2 && count == stopAt)
                {
                    await cancel.CancelAsync();
                }

                if (mode == 3 && random.Next(500) == 0)
                {
                    await Task.Delay(1);
                }
            }
        }
        catch (OperationCanceledException) when (mode == 2)
        {
            count.Should().BeGreaterThanOrEqualTo(stopAt);
            return;
        }

        count.Should().Be(6000);
    }
}
