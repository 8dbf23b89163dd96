using System.CommandLine;
using System.Globalization;
using Alpha.Learning.LogGenerator;

namespace Alpha.Learning.Cli.Commands;

/// <summary><c>alpha-learn generate --out DIR</c>: writes realistic, deterministic execution logs with planted problems.</summary>
internal static class GenerateCommand
{
    public static Command Create() => Create(TimeProvider.System);

    /// <summary>Creates the command; <paramref name="time"/> gives the default end ("now").</summary>
    public static Command Create(TimeProvider time)
    {
        var output = new Option<string>("--out") { Description = "The folder to write the logs to (created when missing).", Required = true, HelpName = "DIR" };
        var size = new Option<double>("--size-mb") { Description = "Approximate total size in megabytes.", DefaultValueFactory = _ => 5, HelpName = "MB" };
        var files = new Option<int>("--files") { Description = "Number of files.", DefaultValueFactory = _ => 1, HelpName = "N" };
        var days = new Option<double>("--days") { Description = "Number of days the events span, ending at --end.", DefaultValueFactory = _ => 7, HelpName = "N" };
        var end = new Option<string?>("--end") { Description = "The instant the logs end (ISO 8601). The default value is now, so that 'cycle' and 'analyze' (last 7 days by default) find the events.", HelpName = "T" };
        var seed = new Option<int>("--seed") { Description = "The random seed: the same options give byte-identical files.", DefaultValueFactory = _ => 42 };
        var malformed = new Option<double>("--malformed-rate") { Description = "Share of lines that are malformed, from 0 to 1.", DefaultValueFactory = _ => 0, HelpName = "R" };
        var timestamps = new Option<string>("--timestamps") { Description = "Timestamp style.", DefaultValueFactory = _ => "utc", HelpName = "utc|offset|naive|mixed" };
        timestamps.AcceptOnlyFromAmong("utc", "offset", "naive", "mixed");
        var gzip = new Option<bool>("--gzip") { Description = "Compress every file but the newest with gzip." };
        var command = new Command("generate", "Write realistic, deterministic agent execution logs with planted problems (for demos, tests and benchmarks).")
        {
            output, size, files, days, end, seed, malformed, timestamps, gzip,
        };
        command.SetAction(parse =>
        {
            var span = TimeSpan.FromDays(parse.GetValue(days));
            var endText = parse.GetValue(end);
            var endAt = endText is null
                ? time.GetUtcNow()
                : DateTimeOffset.TryParse(endText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                    ? parsed
                    : throw new CliUsageException($"--end '{endText}' is not an ISO 8601 date and time.");
            var options = new LogGeneratorOptions
            {
                SizeMegabytes = parse.GetValue(size),
                Files = parse.GetValue(files),
                Seed = parse.GetValue(seed),
                Span = span,
                Start = endAt - span,
                MalformedRate = parse.GetValue(malformed),
                TimestampStyle = parse.GetValue(timestamps) switch
                {
                    "offset" => GeneratedTimestampStyle.Offset,
                    "naive" => GeneratedTimestampStyle.Naive,
                    "mixed" => GeneratedTimestampStyle.Mixed,
                    _ => GeneratedTimestampStyle.Utc,
                },
                CompressOlderFiles = parse.GetValue(gzip),
            };
            var result = ExecutionLogGenerator.Generate(parse.GetValue(output)!, options);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Wrote {result.Files.Count} file(s), {Output.Bytes(result.Bytes)}: {result.Events:N0} events of {result.Tasks:N0} tasks, {result.Malformed:N0} malformed lines, to {Path.GetFullPath(parse.GetValue(output)!)}"));
            return CommandLineApp.Success;
        });
        return command;
    }
}
