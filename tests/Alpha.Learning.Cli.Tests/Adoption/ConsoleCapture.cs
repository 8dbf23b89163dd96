namespace Alpha.Learning.Cli.Tests.Adoption;

/// <summary>The tests that read what a command prints share the process's console, so they never run in parallel.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCapture
{
    public const string Name = "console";

    /// <summary>Runs a command with stdout captured.</summary>
    public static async Task<(int Code, string Out)> RunAsync(Func<Task<int>> run)
    {
        var original = Console.Out;
        using var captured = new StringWriter();
        Console.SetOut(captured);
        try
        {
            var code = await run();
            return (code, captured.ToString());
        }
        finally
        {
            Console.SetOut(original);
        }
    }
}
