using System.Diagnostics;

namespace Alpha.Learning.Cli.Tests;

/// <summary>
/// The tool records a multicore-JIT profile per command in the user's local application data; that must speed later
/// runs up and never fail one. Runs the real tool in a child process, with its data folder pointed elsewhere.
/// </summary>
public sealed class JitProfileTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("alpha-jit-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static async Task<(int Code, string Output)> RunToolAsync(string dataHome, params string[] args)
    {
        var tool = typeof(JitProfile).Assembly.Location;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(tool);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // LocalApplicationData is $XDG_DATA_HOME on Linux (else ~/.local/share); Windows and macOS keep their own.
        start.Environment["XDG_DATA_HOME"] = dataHome;
        start.Environment.Remove("ALPHA_LEARN_JIT_PROFILE");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    [Fact]
    public async Task Run_WritesAProfileForItsCommand_AndReadsItBackNextTime()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // The data folder is moved through XDG_DATA_HOME, which only Linux reads; CI runs on Linux.
        }

        var first = await RunToolAsync(_root, "--version");
        var profile = Path.Combine(_root, "alpha-learn", "jit", "alpha-learn.jitprofile");

        first.Code.Should().Be(0, first.Output);
        File.Exists(profile).Should().BeTrue("the runtime writes the profile when the process ends");
        new FileInfo(profile).Length.Should().BeGreaterThan(0);
        (await RunToolAsync(_root, "--version")).Code.Should().Be(0);
    }

    [Fact]
    public async Task Run_WithAnUnusableOrCorruptProfile_StillSucceeds()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        // A data folder below a regular file cannot be created.
        var blocker = Path.Combine(_root, "file");
        await File.WriteAllTextAsync(blocker, "x");
        var unusable = await RunToolAsync(Path.Combine(blocker, "data"), "--version");
        unusable.Code.Should().Be(0, unusable.Output);
        unusable.Output.Should().Contain("0.");

        var folder = Directory.CreateDirectory(Path.Combine(_root, "corrupt", "alpha-learn", "jit")).FullName;
        await File.WriteAllBytesAsync(Path.Combine(folder, "alpha-learn.jitprofile"), [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 31))]);
        var corrupt = await RunToolAsync(Path.Combine(_root, "corrupt"), "--version");
        corrupt.Code.Should().Be(0, corrupt.Output);
        corrupt.Output.Should().Contain("0.");
    }
}
