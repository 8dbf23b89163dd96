using System.Diagnostics;

namespace Alpha.Learning.Tests.TestSupport;

/// <summary>
/// The child-process programs the tests start (the config and executor crashers, the store hammer, the loop runner):
/// built beside this project by a <c>ProjectReference</c> without its assembly, with the same configuration.
/// </summary>
public static class ChildProcesses
{
    /// <summary>
    /// Returns the path of <c>tests/<paramref name="project"/>/bin/&lt;configuration&gt;/&lt;framework&gt;/<paramref name="project"/>.dll</c>,
    /// building the project first when it is missing (a test run from an IDE that built only this project).
    /// </summary>
    public static string FindOrBuild(string project)
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = here.Name;
        var configuration = here.Parent!.Name;
        var tests = here.Parent.Parent!.Parent!.Parent!.FullName;
        var folder = Path.Combine(tests, project);
        var dll = Path.Combine(folder, "bin", configuration, framework, project + ".dll");
        if (!File.Exists(dll))
        {
            using var build = Process.Start(new ProcessStartInfo("dotnet", ["build", folder, "-c", configuration, "-v", "q", "-nologo"]) { UseShellExecute = false, RedirectStandardOutput = true })!;
            build.StandardOutput.ReadToEnd();
            build.WaitForExit();
        }

        File.Exists(dll).Should().BeTrue($"the child process {project} should be built at {dll}");
        return dll;
    }
}
