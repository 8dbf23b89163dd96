using System.Diagnostics;
using System.Net.Sockets;

using Alpha.Learning.Logs;

namespace Alpha.Learning.Tests.Logs;

/// <summary>Issue 14, defects 3 and 5: FIFOs, devices, sockets and dangling links among the logs are skipped and counted; the rest is read.</summary>
public sealed class HostileLogFileTests
{
    private const string Line = """{"timestamp":"2026-11-20T10:00:00Z","event":"task_start","task_id":"t1","task_name":"web_research"}""";

    [Fact]
    public async Task ReadAsync_FolderWithFifoDanglingLinkDeviceAndSocket_SkipsEachWithItsReasonAndReadsTheRest()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var folder = new TempFolder();
        folder.Write("good.jsonl", Line + "\n");
        Run("mkfifo", folder.File("pipe.jsonl"));
        File.CreateSymbolicLink(folder.File("gone.jsonl"), folder.File("missing-target.jsonl"));
        File.CreateSymbolicLink(folder.File("null.jsonl"), "/dev/null");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(folder.File("sock.jsonl")));

        var read = ReadAsync(folder.Path);
        var finished = await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(30)));

        finished.Should().BeSameAs(read, "a FIFO is never opened, so the read cannot hang in open()");
        var (events, stats) = await read;
        events.Should().ContainSingle();
        stats.SkippedFiles.Select(f => (Path.GetFileName(f.File), f.Reason)).Should().BeEquivalentTo(new[]
        {
            ("pipe.jsonl", SkippedFileReason.Fifo),
            ("gone.jsonl", SkippedFileReason.DanglingLink),
            ("null.jsonl", SkippedFileReason.Device),
            ("sock.jsonl", SkippedFileReason.Socket),
        });
    }

    [Fact]
    public async Task ReadAsync_FifoGivenAsThePath_SkippedNotOpened()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var folder = new TempFolder();
        var fifo = folder.File("pipe.jsonl");
        Run("mkfifo", fifo);

        var read = ReadAsync(fifo);
        var finished = await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(30)));

        finished.Should().BeSameAs(read);
        var (events, stats) = await read;
        events.Should().BeEmpty();
        stats.SkippedFiles.Should().ContainSingle().Which.Reason.Should().Be(SkippedFileReason.Fifo);
    }

    [Fact]
    public async Task ReadAsync_DanglingLinkGivenAsThePath_SkippedWithItsName()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var folder = new TempFolder();
        var link = folder.File("gone.jsonl");
        File.CreateSymbolicLink(link, folder.File("nowhere.jsonl"));

        var (events, stats) = await ReadAsync(link);

        events.Should().BeEmpty();
        stats.SkippedFiles.Should().ContainSingle().Which.Should().BeEquivalentTo(new { File = link, Reason = SkippedFileReason.DanglingLink });
    }

    private static async Task<(List<ExecutionEvent> Events, LogReadStatistics Stats)> ReadAsync(string path)
    {
        var source = new JsonLinesLogSource(new JsonLinesLogSourceOptions());
        var stats = new LogReadStatistics();
        var events = new List<ExecutionEvent>();
        await foreach (var e in source.ReadAsync(new LogQuery { Paths = [path] }, stats))
        {
            events.Add(e);
        }

        return (events, stats);
    }

    private static void Run(string tool, string argument)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, [argument]) { UseShellExecute = false })!;
        process.WaitForExit();
        process.ExitCode.Should().Be(0, $"{tool} {argument}");
    }
}
