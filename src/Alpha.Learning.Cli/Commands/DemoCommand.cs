using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Alpha.Learning.LogGenerator;
using Alpha.Learning.Logs;

namespace Alpha.Learning.Cli.Commands;

/// <summary><c>alpha-learn demo [--dir DIR]</c>: generates a week of realistic logs and analyses them.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var dir = new Option<string>("--dir")
        {
            Description = "The folder for the demo's logs (and later its config and database). The default value is ./alpha-learning-demo.",
            DefaultValueFactory = _ => "alpha-learning-demo",
            HelpName = "DIR",
        };
        var command = new Command("demo", "Generate a week of realistic agent logs with planted problems, then analyse them. Safe to re-run.") { dir };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var root = Path.GetFullPath(parse.GetValue(dir)!);
            var logs = Path.Combine(root, "logs");
            Console.Out.WriteLine($"Demo folder: {root}");
            if (!Directory.Exists(logs) || Directory.GetFiles(logs).Length == 0)
            {
                var generated = ExecutionLogGenerator.Generate(logs, new LogGeneratorOptions
                {
                    SizeMegabytes = 8,
                    Files = 7,
                    Span = TimeSpan.FromDays(7),
                    Start = new DateTimeOffset(2026, 11, 16, 0, 0, 0, TimeSpan.Zero),
                    MalformedRate = 0.0005,
                    TimestampStyle = GeneratedTimestampStyle.Mixed,
                    CompressOlderFiles = true,
                }, cancellationToken);
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Generated {generated.Files.Count} log files ({Output.Bytes(generated.Bytes)} uncompressed): {generated.Tasks:N0} task runs, {generated.Events:N0} events, {generated.Malformed:N0} malformed lines planted."));
            }
            else
            {
                Console.Out.WriteLine("Using the logs already in the demo folder.");
            }

            Console.Out.WriteLine();
            var stats = new LogReadStatistics();
            var counts = new long[Enum.GetValues<ExecutionEventKind>().Length];
            var watch = Stopwatch.StartNew();
            await foreach (var e in new JsonLinesLogSource().ReadAsync(new LogQuery { Paths = [logs] }, stats, cancellationToken).ConfigureAwait(false))
            {
                counts[(int)e.Kind]++;
            }

            Output.Ingestion(Console.Out, stats, watch.Elapsed);
            foreach (var kind in Enum.GetValues<ExecutionEventKind>())
            {
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {AnalyzeCommand.KindName(kind),-16} {counts[(int)kind],12:N0}"));
            }

            Console.Out.WriteLine();
            Console.Out.WriteLine($"Next: alpha-learn analyze --logs \"{logs}\" --format json");
            return CommandLineApp.Success;
        });
        return command;
    }
}
