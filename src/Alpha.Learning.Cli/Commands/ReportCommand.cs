using System.CommandLine;
using System.Text;

using Alpha.Learning.Cli.Report;
using Alpha.Learning.Storage;

namespace Alpha.Learning.Cli.Commands;

/// <summary><c>alpha-learn report --db FILE|URI --out FILE [--days N]</c>: a self-contained HTML report of a learning store.</summary>
internal static class ReportCommand
{
    public static Command Create() => Create(TimeProvider.System);

    internal static Command Create(TimeProvider time)
    {
        var db = new Option<string>("--db")
        {
            Description = "The learning store to report on: a SQLite file (opened read-only; never created), or a PostgreSQL server shared by a fleet (a postgresql:// URI or an Npgsql connection string with Host=...).",
            Required = true,
            HelpName = "FILE|URI",
        };
        var output = new Option<string>("--out")
        {
            Description = "The HTML file to write (replaced if it exists).",
            Required = true,
            HelpName = "FILE",
        };
        var days = CommonOptions.Days();
        var command = new Command("report", "Write a self-contained HTML report (charts, no scripts, nothing fetched) of what the learning store holds: patterns over time, improvements with their verdicts and rollbacks, metric trends and statistics.")
        {
            db, output, days,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var now = time.GetUtcNow();
            var since = parse.GetValue(days) switch
            {
                null => (DateTimeOffset?)null,
                > 0 and var n => now.AddDays(-n),
                var n => throw new CliUsageException($"--days must be a positive number of days, not {n}."),
            };
            var value = parse.GetValue(db)!;
            var postgres = StoreAccess.IsPostgreSql(value);
            var path = postgres ? value : Path.GetFullPath(value);
            var target = Path.GetFullPath(parse.GetValue(output)!);
            if (!postgres && !File.Exists(path))
            {
                throw new CliInputException($"The database '{path}' does not exist.");
            }

            var folder = Path.GetDirectoryName(target);
            if (string.IsNullOrEmpty(folder) || !Directory.Exists(folder))
            {
                throw new CliInputException($"The folder of the report '{target}' does not exist.");
            }

            var data = await LoadAsync(path, now, since, cancellationToken).ConfigureAwait(false);
            WriteAtomically(target, HtmlReport.Render(data));
            var shown = postgres ? StoreAccess.Describe(value) : path;
            Console.Out.WriteLine(data.IsEmpty ? $"Nothing recorded yet in '{Output.Safe(shown, Output.SentenceMax)}'; wrote an empty report to {Output.Safe(target, Output.SentenceMax)}" : $"Wrote {Output.Safe(target, Output.SentenceMax)}");
            return CommandLineApp.Success;
        });
        return command;
    }

    /// <summary>Reads the report's data from the store file at <paramref name="path"/>, read-only, or from the PostgreSQL server it names.</summary>
    internal static async Task<ReportData> LoadAsync(string path, DateTimeOffset now, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        var name = StoreAccess.Describe(path);
        if (StoreAccess.IsPostgreSql(path))
        {
            var shared = StoreAccess.OpenExisting(path);
            using var closing = (IDisposable)shared;
            return await ReportData.LoadAsync(shared, name, now, since, cancellationToken).ConfigureAwait(false);
        }

        // A zero-byte file is what `touch` or a host that never wrote leaves: nothing recorded, not a broken store.
        if (new FileInfo(path).Length == 0)
        {
            return ReportData.Empty(name, now, since);
        }

        // No quick_check on open: it reads every page (3.5 of 8 s on a 120 MB store) and a report only reads; a damaged
        // page still fails the read that meets it, with the store's error (exit code 1).
        using var store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = path, ReadOnly = true, QuickCheckOnOpen = false });
        return await ReportData.LoadAsync(store, name, now, since, cancellationToken).ConfigureAwait(false);
    }

    private static void WriteAtomically(string target, string html)
    {
        var temp = string.Concat(target, ".", Guid.NewGuid().ToString("N")[..8], ".tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(html);
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
