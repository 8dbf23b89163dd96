using System.Diagnostics;
using System.Globalization;
using System.Text;

using Xunit.Abstractions;

namespace Alpha.Learning.Cli.Tests;

/// <summary>
/// Issue 14, defects 8 and 10 and the signal handling: the real tool in a child process, as a person or a service
/// manager runs it; names are escaped on the terminal, bad numbers are refused naming the option and its range, and
/// SIGTERM or SIGINT ends a long read within a second or so.
/// </summary>
public sealed class CliRobustnessTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("alpha-cli-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A tmpfs still mounted: left for the system's temp cleaning.
        }
    }

    [Fact]
    public async Task Analyze_LogPathWithAnEscapeSequence_PrintsTheNameEscaped()
    {
        var hostile = Path.Combine(_root, "\u001b[2Jclear.jsonl");

        var (code, _, error) = await RunAsync(["analyze", "--logs", hostile]);

        code.Should().Be(1, error);
        error.Should().NotContain("\u001b", "an escape code in a name must not reach the terminal").And.Contain("\\u001b[2Jclear.jsonl");
    }

    [Fact]
    public async Task Approve_IdWithAnEscapeSequence_PrintsItEscaped()
    {
        var db = Path.Combine(_root, "learning.db");
        using (var store = new Alpha.Learning.Storage.SqliteLearningStore(new Alpha.Learning.Storage.SqliteLearningStoreOptions { DatabasePath = db }))
        {
            await store.GetCycleCountAsync();
        }

        var (code, stdout, error) = await RunAsync(["reject", "\u001b[2Jx", "--db", db]);

        code.Should().NotBe(0);
        (stdout + error).Should().NotContain("\u001b").And.Contain("\\u001b[2Jx");
    }

    [Theory]
    [InlineData("cycle")]
    [InlineData("history")]
    [InlineData("pending")]
    [InlineData("status")]
    [InlineData("approve")]
    [InlineData("reject")]
    [InlineData("rollback")]
    [InlineData("report")]
    [InlineData("purge")]
    public async Task Help_CommandWithARequiredDatabase_PrintsHelpWithoutOne(string command)
    {
        var (code, stdout, error) = await RunAsync([command, "--help"]);

        code.Should().Be(0, error);
        stdout.Should().Contain("--db");
        error.Should().NotContain("Unhandled exception");
    }

    [Theory]
    [InlineData("history")]
    [InlineData("status")]
    public async Task Run_RequiredDatabaseMissing_IsAUsageErrorNotACrash(string command)
    {
        var (code, _, error) = await RunAsync([command]);

        code.Should().Be(2, error);
        error.Should().Contain("--db").And.NotContain("Unhandled exception");
    }

    [Theory]
    [InlineData("--malformed-rate", "NaN", "--malformed-rate must be a number from 0 to 1")]
    [InlineData("--malformed-rate", "1.5", "--malformed-rate must be a number from 0 to 1")]
    [InlineData("--size-mb", "99999999999", "--size-mb must be a number from 0.01 to 100000")]
    [InlineData("--size-mb", "-1", "--size-mb must be a number from 0.01 to 100000")]
    [InlineData("--days", "Infinity", "--days must be a number from 0.001 to 36500")]
    [InlineData("--files", "0", "--files must be a whole number from 1 to 10000")]
    public async Task Generate_OutOfRangeNumber_RefusedNamingTheOptionAndItsRange(string option, string value, string message)
    {
        var (code, _, error) = await RunAsync(["generate", "--out", Path.Combine(_root, "logs"), option, value]);

        code.Should().Be(2, error);
        error.Should().Contain(message).And.NotContain("SizeMegabytes").And.NotContain("MalformedRate").And.NotContain("System.");
        Directory.Exists(Path.Combine(_root, "logs")).Should().BeFalse("nothing is written");
    }

    [Fact]
    public async Task Generate_SizeBeyondTheFreeSpace_RefusedBeforeWritingAnything()
    {
        if (!OperatingSystem.IsLinux() || !Environment.IsPrivilegedProcess)
        {
            output.WriteLine("Needs root on Linux to mount a small tmpfs; .ci/run runs the tests as root.");
            return;
        }

        var mount = Directory.CreateDirectory(Path.Combine(_root, "small")).FullName;
        Run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mount);
        try
        {
            var (code, _, error) = await RunAsync(["generate", "--out", Path.Combine(mount, "logs"), "--size-mb", "50"]);

            code.Should().Be(2, error);
            error.Should().Contain("--size-mb 50 does not fit").And.Contain("free");
            Directory.Exists(Path.Combine(mount, "logs")).Should().BeFalse();
        }
        finally
        {
            Run("umount", "-l", mount);
        }
    }

    [Fact]
    public async Task History_NegativeLimit_RefusedNamingTheRange()
    {
        var (code, _, error) = await RunAsync(["history", "--db", Path.Combine(_root, "x.db"), "--limit", "-1"]);

        code.Should().Be(2, error);
        error.Should().Contain("--limit must be a whole number from 1 to 1000000");
    }

    [Theory]
    [InlineData("")]
    [InlineData("-wal")]
    public async Task History_DanglingDatabaseOrWalLink_NamesTheLink(string suffix)
    {
        var db = Path.Combine(_root, "learning.db");
        if (suffix.Length > 0)
        {
            await File.WriteAllBytesAsync(db, []);
        }

        File.CreateSymbolicLink(db + suffix, Path.Combine(_root, "gone", "target"));

        var (code, _, error) = await RunAsync(["history", "--db", db]);

        code.Should().Be(1, error);
        error.Should().Contain("symbolic link").And.Contain("does not exist").And.NotContain("cannot be opened");
    }

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task Analyze_SignalDuringALongRead_ExitsWithinTheBound(string signal)
    {
        // About 200 MB of events: the read takes many seconds on this kind of machine.
        var logs = Path.Combine(_root, "big.jsonl");
        var line = Encoding.UTF8.GetBytes("""{"event":"task_start","timestamp":"2026-11-20T10:00:00Z","task_id":"t1","task_name":"web_research"}""" + "\n");
        await using (var file = File.Create(logs))
        {
            var block = new byte[line.Length * 10_000];
            for (var i = 0; i < 10_000; i++)
            {
                line.CopyTo(block, i * line.Length);
            }

            for (var i = 0; i < 200; i++)
            {
                await file.WriteAsync(block);
            }
        }

        using var process = Start(["analyze", "--logs", logs, "--days", "36500"]);
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();

        // Wait until the tool is reading (its own I/O counter), then signal it.
        var started = Stopwatch.StartNew();
        while (ReadBytes(process.Id) < 20_000_000 && !process.HasExited && started.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(20);
        }

        process.HasExited.Should().BeFalse("the read is long enough to be interrupted");
        var signalled = Stopwatch.StartNew();
        Run("kill", "-" + signal, process.Id.ToString(CultureInfo.InvariantCulture));
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await process.WaitForExitAsync(bound.Token);
        signalled.Stop();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"SIG{signal}: exited {process.ExitCode} after {signalled.ElapsedMilliseconds} ms"));

        process.ExitCode.Should().Be(130, await stderr + await stdout);
        (await stderr).Should().Contain("cancelled");
        signalled.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5), "a read ends within about a second of the signal (5 s allows for a loaded CI machine)");
    }

    private static long ReadBytes(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/io"))
            {
                if (line.StartsWith("rchar:", StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(6).Trim(), CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return 0;
    }

    private Process Start(string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(JitProfile).Assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["XDG_DATA_HOME"] = _root;
        return Process.Start(start)!;
    }

    private async Task<(int Code, string Out, string Error)> RunAsync(string[] args)
    {
        using var process = Start(args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    private static void Run(string file, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { UseShellExecute = false, RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.Should().Be(0, $"'{file} {string.Join(' ', arguments)}': {error}");
    }
}
