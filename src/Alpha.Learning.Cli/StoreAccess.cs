using System.CommandLine;
using System.Text.Json;

using Alpha.Learning.Improvements;
using Alpha.Learning.Storage;

namespace Alpha.Learning.Cli;

/// <summary>Opening the learning store from <c>--db</c>, and writing its records.</summary>
internal static class StoreAccess
{
    public static Option<string> Db() => new("--db")
    {
        Description = "The learning store: a SQLite database file, or a PostgreSQL server shared by a fleet (a postgresql:// URI or an Npgsql connection string with Host=...).",
        Required = true,
        HelpName = "FILE|URI",
    };

    /// <summary>Whether <c>--db</c> names a PostgreSQL server rather than a SQLite file.</summary>
    public static bool IsPostgreSql(string db) => PostgreSqlConnectionStrings.IsPostgreSql(db);

    /// <summary>
    /// Refuses a database path, or its <c>-wal</c>, <c>-shm</c> or <c>-journal</c> file, that is a symbolic link to nothing:
    /// SQLite would only say "cannot be opened" (or create the link's target somewhere unexpected).
    /// </summary>
    public static void CheckLinks(string path)
    {
        if (IsPostgreSql(path))
        {
            return;
        }

        if (DanglingTarget(path) is { } target)
        {
            throw new CliInputException($"--db '{Output.Safe(path, Output.SentenceMax)}' is a symbolic link to '{Output.Safe(target, Output.SentenceMax)}', which does not exist; point --db at the database file itself, or remove the link.");
        }

        foreach (var (suffix, what) in new[] { ("-wal", "write-ahead log"), ("-shm", "shared-memory index"), ("-journal", "rollback journal") })
        {
            if (DanglingTarget(path + suffix) is { } companion)
            {
                throw new CliInputException($"The {what} of the database --db '{Output.Safe(path, Output.SentenceMax)}' is a symbolic link to '{Output.Safe(companion, Output.SentenceMax)}', which does not exist; remove '{Output.Safe(path + suffix, Output.SentenceMax)}' (SQLite recreates it) and run again.");
            }
        }
    }

    private static string? DanglingTarget(string path)
    {
        try
        {
            // File.Exists is true for a dangling link (.NET falls back to lstat), so the final target is resolved.
            var info = new FileInfo(path);
            return info.LinkTarget is { } target && info.ResolveLinkTarget(returnFinalTarget: true) is { Exists: false } ? target : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Opens an existing store read-only (a read command never creates or changes a SQLite database); dispose it after.</summary>
    public static ILearningStore OpenExisting(string path)
    {
        if (IsPostgreSql(path))
        {
            return OpenPostgreSql(path);
        }

        RequireFile(path);
        return new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = path, ReadOnly = true });
    }

    /// <summary>Opens a store to write (a SQLite file must exist unless <paramref name="create"/>); dispose it after.</summary>
    public static ILearningStore OpenWritable(string path, bool create = false)
    {
        if (IsPostgreSql(path))
        {
            return OpenPostgreSql(path);
        }

        if (!create)
        {
            RequireFile(path);
        }

        return new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = path });
    }

    /// <summary>Refuses a SQLite path that is missing or a folder; a PostgreSQL server is checked when it is used.</summary>
    public static void RequireFile(string path)
    {
        if (IsPostgreSql(path))
        {
            return;
        }

        if (!File.Exists(path))
        {
            throw new CliInputException(Directory.Exists(path) ? $"--db names the folder '{Output.Safe(path)}'; give the path of the SQLite database file." : $"The database '{Output.Safe(path)}' does not exist (run 'alpha-learn cycle' or 'alpha-learn demo' to create one).");
        }
    }

    private static PostgreSqlLearningStore OpenPostgreSql(string value)
    {
        try
        {
            return new PostgreSqlLearningStore(value);
        }
        catch (ArgumentException exception)
        {
            // The message names what is wrong, never the password.
            throw new CliInputException("--db: " + exception.Message.Split(" (Parameter", 2)[0]);
        }
    }

    /// <summary>The instants of today in UTC: [midnight, next midnight).</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) TodayUtc(TimeProvider time)
    {
        var now = time.GetUtcNow();
        var start = new DateTimeOffset(now.Year, now.Month, now.Day, 0, 0, 0, TimeSpan.Zero);
        return (start, start.AddDays(1));
    }

    public static void Improvement(Utf8JsonWriter json, ImprovementRecord r)
    {
        json.WriteStartObject();
        json.WriteString("id", r.Id);
        json.WriteString("title", r.Title);
        json.WriteString("actionType", EnumNames.ToName(r.ActionType));
        json.WriteString("status", EnumNames.ToName(r.Status));
        json.WriteString("risk", EnumNames.ToName(r.Risk));
        json.WriteString("priority", EnumNames.ToName(r.Priority));
        json.WriteNumber("confidence", Math.Round(r.Confidence, 4));
        json.WriteString("patternFingerprint", r.PatternFingerprint);
        json.WriteString("recommendationId", r.RecommendationId);
        AnalysisOutput.Changes(json, r.Changes);
        json.WriteString("createdAt", r.CreatedAt);
        WriteTime(json, "appliedAt", r.AppliedAt);
        WriteTime(json, "rolledBackAt", r.RolledBackAt);
        json.WriteString("verdict", EnumNames.ToName(r.Verdict));
        if (r.Reason is not null)
        {
            json.WriteString("reason", r.Reason);
        }

        if (r.CycleNumber is { } cycle)
        {
            json.WriteNumber("cycleNumber", cycle);
        }

        json.WriteEndObject();
    }

    public static void ImprovementTable(TextWriter text, IReadOnlyList<ImprovementRecord> records, string empty)
    {
        if (records.Count == 0)
        {
            text.WriteLine(empty);
            return;
        }

        foreach (var r in records)
        {
            text.WriteLine($"{r.Id}  {EnumNames.ToName(r.Status),-16} {EnumNames.ToName(r.ActionType),-14} {Output.Safe(r.Title, 70)}");
            var when = r.RolledBackAt is { } back ? $"rolled back {Output.Timestamp(back)}" : r.AppliedAt is { } at ? $"applied {Output.Timestamp(at)}" : $"created {Output.Timestamp(r.CreatedAt)}";
            text.WriteLine($"    {when}; verdict {EnumNames.ToName(r.Verdict)}; {EnumNames.ToName(r.Risk)}, confidence {Output.Number(r.Confidence)}");
            foreach (var c in r.Changes)
            {
                text.WriteLine($"    {c.Path}: {AnalysisOutput.Text(c.OldValue)} -> {(c.RemoveKey ? "(removed)" : AnalysisOutput.Text(c.NewValue))}");
            }

            if (r.Reason is { Length: > 0 } reason)
            {
                text.WriteLine($"    {Output.Safe(reason, 160)}");
            }
        }
    }

    private static void WriteTime(Utf8JsonWriter json, string name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            json.WriteString(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
