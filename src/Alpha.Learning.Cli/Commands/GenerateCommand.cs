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
        var size = CommonOptions.Decimal("--size-mb", MinSizeMegabytes, MaxSizeMegabytes, "Approximate total size in megabytes (0.01 to 100000; never more than the free space of the --out folder's disk). The default is 5.", "MB");
        var files = CommonOptions.WholeNumber("--files", 1, MaxFiles, "Number of files (1 to 10000). The default is 1.", "N");
        var days = CommonOptions.Decimal("--days", 0.001, CommonOptions.MaxDays, "Number of days the events span, ending at --end (0.001 to 36500). The default is 7.", "N");
        var end = new Option<string?>("--end") { Description = "The instant the logs end (ISO 8601). The default value is now, so that 'cycle' and 'analyze' (last 7 days by default) find the events.", HelpName = "T" };
        var seed = new Option<int>("--seed") { Description = "The random seed: the same options give byte-identical files.", DefaultValueFactory = _ => 42 };
        var malformed = CommonOptions.Decimal("--malformed-rate", 0, 1, "Share of lines that are malformed, from 0 to 1. The default is 0.", "R");
        var timestamps = new Option<string>("--timestamps") { Description = "Timestamp style.", DefaultValueFactory = _ => "utc", HelpName = "utc|offset|naive|mixed" };
        timestamps.AcceptOnlyFromAmong("utc", "offset", "naive", "mixed");
        var gzip = new Option<bool>("--gzip") { Description = "Compress every file but the newest with gzip." };
        var command = new Command("generate", "Write realistic, deterministic agent execution logs with planted problems (for demos, tests and benchmarks).")
        {
            output, size, files, days, end, seed, malformed, timestamps, gzip,
        };
        command.SetAction(parse =>
        {
            var span = TimeSpan.FromDays(parse.GetValue(days) ?? 7);
            var endText = parse.GetValue(end);
            var endAt = endText is null
                ? time.GetUtcNow()
                : DateTimeOffset.TryParse(endText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                    ? parsed
                    : throw new CliUsageException($"--end '{endText}' is not an ISO 8601 date and time.");
            var options = new LogGeneratorOptions
            {
                SizeMegabytes = CheckFreeSpace(parse.GetValue(output)!, parse.GetValue(size) ?? 5),
                Files = parse.GetValue(files) ?? 1,
                Seed = parse.GetValue(seed),
                Span = span,
                Start = endAt - span,
                MalformedRate = parse.GetValue(malformed) ?? 0,
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
                $"Wrote {result.Files.Count} file(s), {Output.Bytes(result.Bytes)}: {result.Events:N0} events of {result.Tasks:N0} tasks, {result.Malformed:N0} malformed lines, to {Output.Safe(Path.GetFullPath(parse.GetValue(output)!), Output.SentenceMax)}"));
            return CommandLineApp.Success;
        });
        return command;
    }

    /// <summary>The smallest --size-mb accepted.</summary>
    private const double MinSizeMegabytes = 0.01;

    /// <summary>The largest --size-mb accepted (100 GB), whatever the free space.</summary>
    private const double MaxSizeMegabytes = 100_000;

    /// <summary>The most files --files accepts.</summary>
    private const int MaxFiles = 10_000;

    /// <summary>Refuses a size the --out folder's disk cannot hold (with 10 % of its free space kept free).</summary>
    private static double CheckFreeSpace(string output, double megabytes)
    {
        var folder = Path.GetFullPath(output);
        while (!Directory.Exists(folder) && Path.GetDirectoryName(folder) is { } parent)
        {
            folder = parent;
        }

        long free;
        try
        {
            free = new DriveInfo(folder).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return megabytes; // Unknown: the write itself reports a full disk.
        }

        var allowed = free * 0.9 / (1024 * 1024);
        if (megabytes > allowed)
        {
            throw new CliUsageException(string.Create(CultureInfo.InvariantCulture,
                $"--size-mb {megabytes} does not fit: the disk of '{Output.Safe(folder, Output.SentenceMax)}' has {Output.Bytes(free)} free, so --size-mb may be at most {Math.Floor(allowed * 100) / 100} (90 % of the free space)."));
        }

        return megabytes;
    }
}
