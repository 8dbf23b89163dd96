using System.Text;

using Alpha.Learning.Analysis;
using Alpha.Learning.Storage.Internal;

using Microsoft.Data.Sqlite;

namespace Alpha.Learning.Storage;

public sealed partial class SqliteLearningStore
{
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
                using (var writer = new PatternWriter(connection, cycleNumber, at))
                {
                    writer.Write(pattern);
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
            (connection, token) => SqliteBatch.Write(connection, patterns, nameof(patterns), _ => new PatternWriter(connection, cycleNumber, at), static (writer, pattern) => writer.Write(pattern), token),
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
        StoreChecks.Limit(limit);
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
                return ReadAll(command, static r => StoreRecords.Pattern(new SqliteRow(r)));
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
                using var command = Command(connection, null, $"SELECT {StoreRecords.PatternHistoryColumns} FROM pattern_history WHERE fingerprint = $fingerprint ORDER BY recorded_at, id;");
                command.Parameters.AddWithValue("$fingerprint", fingerprint);
                return ReadAll(command, static r => StoreRecords.Occurrence(new SqliteRow(r)));
            },
            cancellationToken);
    }

    /// <summary>The query behind <see cref="GetPatternsAsync"/>: only the filters given, so the indexes serve it.</summary>
    internal static string PatternQuerySql(bool byType, bool byImpact)
    {
        var sql = new StringBuilder("SELECT ").Append(StoreRecords.PatternColumns).Append(" FROM patterns_detected")
            .AppendWhere((byType, "pattern_type = $type"), (byImpact, "impact_score >= $min_impact"));

        // rowid breaks ties (newest first) and is part of every index entry, so the index still gives the order.
        return sql.Append(" ORDER BY impact_score DESC, rowid DESC LIMIT $limit;").ToString();
    }

    private static StoredPattern? ReadPattern(SqliteConnection connection, SqliteTransaction? transaction, string fingerprint)
    {
        using var command = Command(connection, transaction, $"SELECT {StoreRecords.PatternColumns} FROM patterns_detected WHERE fingerprint = $fingerprint;");
        command.Parameters.AddWithValue("$fingerprint", fingerprint);
        return ReadOne(command, static r => StoreRecords.Pattern(new SqliteRow(r)));
    }

    /// <summary>A prepared upsert reused for every pattern of a batch (a trigger writes the history row).</summary>
    private sealed class PatternWriter(SqliteConnection connection, long? cycleNumber, DateTimeOffset at) : IDisposable
    {
        private readonly RawStatement _upsert = new(connection, UpsertPatternSql);

        public void Write(LogPattern pattern)
        {
            StoreChecks.Pattern(pattern, nameof(pattern));
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
}
