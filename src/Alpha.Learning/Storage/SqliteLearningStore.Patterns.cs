using System.Text;

using Alpha.Learning.Analysis;
using Alpha.Learning.Storage.Internal;

using Microsoft.Data.Sqlite;

namespace Alpha.Learning.Storage;

public sealed partial class SqliteLearningStore
{
    private const string PatternColumns =
        "id, fingerprint, pattern_type, subject, key, description, occurrences, impact_score, first_seen, last_seen, examples, metadata, last_cycle, updated_at";

    // Positional parameters: the batch path binds them by number (see PatternWriter).
    private const string UpsertPatternSql = """
        INSERT INTO patterns_detected (id, fingerprint, pattern_type, subject, key, description, occurrences, impact_score,
                                       first_seen, last_seen, examples, metadata, last_cycle, updated_at)
        VALUES (lower(hex(randomblob(16))), ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
        ON CONFLICT (fingerprint) DO UPDATE SET
            description  = excluded.description,
            occurrences  = excluded.occurrences,
            impact_score = excluded.impact_score,
            first_seen   = min(patterns_detected.first_seen, excluded.first_seen),
            last_seen    = max(patterns_detected.last_seen, excluded.last_seen),
            examples     = excluded.examples,
            metadata     = excluded.metadata,
            last_cycle   = excluded.last_cycle,
            updated_at   = excluded.updated_at;
        """;

    /// <inheritdoc/>
    public Task<StoredPattern> StorePatternAsync(LogPattern pattern, long? cycleNumber, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return RunAsync(
            (connection, token) =>
            {
                using var transaction = connection.BeginTransaction(deferred: false);
                using (var writer = new PatternWriter(connection))
                {
                    writer.Write(pattern, cycleNumber, at);
                }

                var stored = ReadPattern(connection, transaction, pattern.Fingerprint)!;
                transaction.Commit();
                return stored;
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<int> StorePatternsAsync(IEnumerable<LogPattern> patterns, long? cycleNumber, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        return RunAsync(
            (connection, token) =>
            {
                using var transaction = connection.BeginTransaction(deferred: false);
                using var writer = new PatternWriter(connection);
                var count = 0;
                foreach (var pattern in patterns)
                {
                    ArgumentNullException.ThrowIfNull(pattern, nameof(patterns));
                    if ((++count & 1023) == 0)
                    {
                        token.ThrowIfCancellationRequested();
                    }

                    writer.Write(pattern, cycleNumber, at);
                }

                transaction.Commit();
                return count;
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<StoredPattern?> GetPatternAsync(string fingerprint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        return RunAsync((connection, _) => ReadPattern(connection, null, fingerprint), cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<StoredPattern>> GetPatternsAsync(PatternType? type = null, double? minImpact = null, int limit = 100, CancellationToken cancellationToken = default)
    {
        CheckLimit(limit);
        var typeName = type is { } t ? EnumNames.ToName(t) : null;
        return RunAsync<IReadOnlyList<StoredPattern>>(
            (connection, _) =>
            {
                using var command = Command(connection, null, PatternQuerySql(typeName is not null, minImpact is not null));
                if (typeName is not null)
                {
                    command.Parameters.AddWithValue("$type", typeName);
                }

                if (minImpact is { } impact)
                {
                    command.Parameters.AddWithValue("$min_impact", impact);
                }

                command.Parameters.AddWithValue("$limit", limit);
                return ReadAll(command, ReadPatternRow);
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<PatternOccurrence>> GetPatternHistoryAsync(string fingerprint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        return RunAsync<IReadOnlyList<PatternOccurrence>>(
            (connection, _) =>
            {
                using var command = Command(connection, null, """
                    SELECT fingerprint, cycle_number, occurrences, impact_score, recorded_at FROM pattern_history
                    WHERE fingerprint = $fingerprint ORDER BY recorded_at, id;
                    """);
                command.Parameters.AddWithValue("$fingerprint", fingerprint);
                return ReadAll(command, static r => new PatternOccurrence
                {
                    Fingerprint = r.GetString(0),
                    CycleNumber = r.IsDBNull(1) ? null : r.GetInt64(1),
                    Occurrences = r.GetInt64(2),
                    ImpactScore = r.GetDouble(3),
                    RecordedAt = SqlText.ParseTime(r.GetString(4)),
                });
            },
            cancellationToken);
    }

    /// <summary>The query behind <see cref="GetPatternsAsync"/>: only the filters given, so the indexes serve it.</summary>
    internal static string PatternQuerySql(bool byType, bool byImpact)
    {
        var sql = new StringBuilder("SELECT ").Append(PatternColumns).Append(" FROM patterns_detected");
        var where = " WHERE ";
        if (byType)
        {
            sql.Append(where).Append("pattern_type = $type");
            where = " AND ";
        }

        if (byImpact)
        {
            sql.Append(where).Append("impact_score >= $min_impact");
        }

        // rowid breaks ties (newest first) and is part of every index entry, so the index still gives the order.
        return sql.Append(" ORDER BY impact_score DESC, rowid DESC LIMIT $limit;").ToString();
    }

    private static StoredPattern? ReadPattern(SqliteConnection connection, SqliteTransaction? transaction, string fingerprint)
    {
        using var command = Command(connection, transaction, $"SELECT {PatternColumns} FROM patterns_detected WHERE fingerprint = $fingerprint;");
        command.Parameters.AddWithValue("$fingerprint", fingerprint);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadPatternRow(reader) : null;
    }

    private static StoredPattern ReadPatternRow(SqliteDataReader r) => new()
    {
        Id = r.GetString(0),
        Fingerprint = r.GetString(1),
        Type = EnumNames.ParsePatternType(r.GetString(2)),
        Subject = r.GetString(3),
        Key = r.GetString(4),
        Description = r.GetString(5),
        Occurrences = r.GetInt64(6),
        ImpactScore = r.GetDouble(7),
        FirstSeen = SqlText.ParseTime(r.GetString(8)),
        LastSeen = SqlText.ParseTime(r.GetString(9)),
        Examples = SqlText.ParseStrings(r.GetString(10)),
        Metadata = SqlText.ParseMetadata(r.GetString(11)),
        LastCycle = r.IsDBNull(12) ? null : r.GetInt64(12),
        UpdatedAt = SqlText.ParseTime(r.GetString(13)),
    };

    private static List<T> ReadAll<T>(SqliteCommand command, Func<SqliteDataReader, T> read)
    {
        var list = new List<T>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            list.Add(read(reader));
        }

        return list;
    }

    /// <summary>A prepared upsert reused for every pattern of a batch (a trigger writes the history row).</summary>
    private sealed class PatternWriter(SqliteConnection connection) : IDisposable
    {
        private readonly RawStatement _upsert = new(connection, UpsertPatternSql);

        public void Write(LogPattern pattern, long? cycleNumber, DateTimeOffset at)
        {
            RequireFinite(pattern.ImpactScore, "The impact score of a pattern", nameof(pattern));
            ArgumentNullException.ThrowIfNull(pattern.Description, nameof(pattern));
            _upsert.BindText(1, pattern.Fingerprint);
            _upsert.BindText(2, EnumNames.ToName(pattern.Type));
            _upsert.BindText(3, pattern.Subject);
            _upsert.BindText(4, pattern.Key);
            _upsert.BindText(5, pattern.Description);
            _upsert.BindInt64(6, pattern.Occurrences);
            _upsert.BindDouble(7, pattern.ImpactScore);
            _upsert.BindTime(8, pattern.FirstSeen);
            _upsert.BindTime(9, pattern.LastSeen);
            _upsert.BindUtf8(10, SqlText.StringsUtf8(pattern.Examples));
            _upsert.BindUtf8(11, SqlText.MetadataUtf8(pattern.Metadata));
            _upsert.BindInt64(12, cycleNumber);
            _upsert.BindTime(13, at);
            _upsert.Execute();
        }

        public void Dispose() => _upsert.Dispose();
    }

    private static SqliteParameter Add(SqliteCommand command, string name, SqliteType type) =>
        command.Parameters.Add(name, type);
}
