using System.Data;
using System.Text;

using Alpha.Learning.Analysis;
using Alpha.Learning.Storage.Internal;

using Npgsql;

using NpgsqlTypes;

namespace Alpha.Learning.Storage;

public sealed partial class PostgreSqlLearningStore
{
    private const string PatternColumns = StoreRecords.PatternColumns;

    private const string BatchColumns =
        "fingerprint, pattern_type, subject, key, description, occurrences, impact_score, first_seen, last_seen, examples, metadata, last_cycle, updated_at";

    private const string CreatePatternBatchSql = """
        CREATE TEMP TABLE pattern_batch (
            fingerprint text NOT NULL, pattern_type text NOT NULL, subject text NOT NULL, key text NOT NULL,
            description text NOT NULL, occurrences bigint NOT NULL, impact_score double precision NOT NULL,
            first_seen timestamptz NOT NULL, last_seen timestamptz NOT NULL, examples text NOT NULL, metadata text NOT NULL,
            last_cycle bigint, updated_at timestamptz NOT NULL
        ) ON COMMIT DROP;
        """;

    // One statement for the patterns and one for their history rows (one per cycle: storing again within a cycle replaces it).
    // The patterns already stored (every one, from the second cycle on) are updated through a join with the batch, and
    // only the rest go through INSERT … ON CONFLICT: a speculative insert that conflicts costs an index probe, an aborted
    // insertion and the update, about twice the time of the joined update for 10,000 stored patterns. A fingerprint
    // another instance inserts meanwhile still meets ON CONFLICT, so nothing is lost or duplicated. ANALYZE gives the planner
    // the batch's size: an index probe per pattern for a few, a hash join for thousands.
    private const string MergePatternBatchSql = """
        ANALYZE pattern_batch;
        WITH updated AS (
            UPDATE patterns_detected p SET
                description  = b.description,
                occurrences  = b.occurrences,
                impact_score = b.impact_score,
                first_seen   = least(p.first_seen, b.first_seen),
                last_seen    = greatest(p.last_seen, b.last_seen),
                examples     = b.examples,
                metadata     = b.metadata,
                last_cycle   = b.last_cycle,
                updated_at   = b.updated_at
            FROM pattern_batch b
            WHERE p.fingerprint = b.fingerprint
            RETURNING p.fingerprint
        )
        INSERT INTO patterns_detected (id, fingerprint, pattern_type, subject, key, description, occurrences, impact_score,
                                       first_seen, last_seen, examples, metadata, last_cycle, updated_at)
        SELECT replace(gen_random_uuid()::text, '-', ''), fingerprint, pattern_type, subject, key, description, occurrences,
               impact_score, first_seen, last_seen, examples, metadata, last_cycle, updated_at
        FROM pattern_batch b
        WHERE NOT EXISTS (SELECT 1 FROM updated u WHERE u.fingerprint = b.fingerprint)
        ON CONFLICT (fingerprint) DO UPDATE SET
            description  = excluded.description,
            occurrences  = excluded.occurrences,
            impact_score = excluded.impact_score,
            first_seen   = least(patterns_detected.first_seen, excluded.first_seen),
            last_seen    = greatest(patterns_detected.last_seen, excluded.last_seen),
            examples     = excluded.examples,
            metadata     = excluded.metadata,
            last_cycle   = excluded.last_cycle,
            updated_at   = excluded.updated_at;
        INSERT INTO pattern_history (fingerprint, cycle_number, occurrences, impact_score, recorded_at)
        SELECT fingerprint, last_cycle, occurrences, impact_score, updated_at FROM pattern_batch
        ON CONFLICT (fingerprint, cycle_number) DO UPDATE SET
            occurrences = excluded.occurrences, impact_score = excluded.impact_score, recorded_at = excluded.recorded_at;
        """;

    /// <inheritdoc/>
    public Task<StoredPattern> StorePatternAsync(LogPattern pattern, long? cycleNumber, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var batch = PatternBatch([pattern], cycleNumber, at, nameof(pattern));
        return RunAsync(
            (connection, token) => InTransactionAsync(
                connection,
                IsolationLevel.ReadCommitted,
                async transaction =>
                {
                    await WritePatternBatchAsync(connection, transaction, batch, token).ConfigureAwait(false);
                    var command = Command(connection, transaction, $"SELECT {PatternColumns} FROM patterns_detected WHERE fingerprint = $1;", pattern.Fingerprint);
                    return (await ReadOneAsync(command, ReadPatternRow, token).ConfigureAwait(false))!;
                },
                token),
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<int> StorePatternsAsync(IEnumerable<LogPattern> patterns, long? cycleNumber, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        var count = 0;
        var batch = PatternBatch(patterns.Select(p => { count++; return p; }), cycleNumber, at, nameof(patterns));
        if (batch.Count == 0)
        {
            return Task.FromResult(0);
        }

        return RunAsync(
            (connection, token) => InTransactionAsync(
                connection,
                IsolationLevel.ReadCommitted,
                async transaction =>
                {
                    await WritePatternBatchAsync(connection, transaction, batch, token).ConfigureAwait(false);
                    return count;
                },
                token),
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<StoredPattern?> GetPatternAsync(string fingerprint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        return RunAsync(
            (connection, token) => ReadOneAsync(Command(connection, null, $"SELECT {PatternColumns} FROM patterns_detected WHERE fingerprint = $1;", fingerprint), ReadPatternRow, token),
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<StoredPattern>> GetPatternsAsync(PatternType? type = null, double? minImpact = null, int limit = 100, CancellationToken cancellationToken = default)
    {
        StoreChecks.Limit(limit);
        var typeName = type is { } t ? EnumNames.ToName(t) : null;
        return RunAsync<IReadOnlyList<StoredPattern>>(
            async (connection, token) =>
            {
                var sql = new StringBuilder("SELECT ").Append(PatternColumns).Append(" FROM patterns_detected WHERE ($1::text IS NULL OR pattern_type = $1) AND ($2::double precision IS NULL OR impact_score >= $2)");
                sql.Append(" ORDER BY impact_score DESC, seq DESC LIMIT $3;");
                var command = Command(connection, null, sql.ToString(), typeName, minImpact, limit);
                return await ReadAllAsync(command, ReadPatternRow, token).ConfigureAwait(false);
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<PatternOccurrence>> GetPatternHistoryAsync(string fingerprint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        return RunAsync<IReadOnlyList<PatternOccurrence>>(
            async (connection, token) => await ReadAllAsync(
                Command(connection, null, $"SELECT {StoreRecords.PatternHistoryColumns} FROM pattern_history WHERE fingerprint = $1 ORDER BY recorded_at, id;", fingerprint),
                static r => StoreRecords.Occurrence(new PgRow(r)),
                token).ConfigureAwait(false),
            cancellationToken);
    }

    // Checked and serialised before any connection is taken; a fingerprint stored twice in one batch is merged as two
    // upserts in a row would be (the later values win, first seen the earliest, last seen the latest).
    private static List<PatternRow> PatternBatch(IEnumerable<LogPattern> patterns, long? cycleNumber, DateTimeOffset at, string parameterName)
    {
        var rows = new List<PatternRow>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var pattern in patterns)
        {
            StoreChecks.Pattern(pattern, parameterName);
            var row = new PatternRow(
                pattern.Fingerprint,
                EnumNames.ToName(pattern.Type),
                pattern.Subject,
                pattern.Key,
                pattern.Description,
                pattern.Occurrences,
                pattern.ImpactScore,
                pattern.FirstSeen.ToUniversalTime(),
                pattern.LastSeen.ToUniversalTime(),
                SqlText.Strings(pattern.Examples),
                SqlText.Metadata(pattern.Metadata),
                cycleNumber,
                at.ToUniversalTime());
            if (index.TryGetValue(row.Fingerprint, out var existing))
            {
                var earlier = rows[existing];
                rows[existing] = row with
                {
                    FirstSeen = earlier.FirstSeen < row.FirstSeen ? earlier.FirstSeen : row.FirstSeen,
                    LastSeen = earlier.LastSeen > row.LastSeen ? earlier.LastSeen : row.LastSeen,
                };
            }
            else
            {
                index[row.Fingerprint] = rows.Count;
                rows.Add(row);
            }
        }

        return rows;
    }

    private static async Task WritePatternBatchAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<PatternRow> rows, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, transaction, CreatePatternBatchSql, cancellationToken).ConfigureAwait(false);
        var writer = await connection.BeginBinaryImportAsync($"COPY pattern_batch ({BatchColumns}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        await using (writer.ConfigureAwait(false))
        {
            foreach (var row in rows)
            {
                await writer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await writer.WriteAsync(PgText.Encode(row.Fingerprint), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await writer.WriteAsync(PgText.Encode(row.Type), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await writer.WriteAsync(PgText.Encode(row.Subject), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await writer.WriteAsync(PgText.Encode(row.Key), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await writer.WriteAsync(PgText.Encode(row.Description), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await writer.WriteAsync(row.Occurrences, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await writer.WriteAsync(row.ImpactScore, NpgsqlDbType.Double, cancellationToken).ConfigureAwait(false);
                await writer.WriteAsync(row.FirstSeen, NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
                await writer.WriteAsync(row.LastSeen, NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
                await writer.WriteAsync(PgText.Encode(row.Examples), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await writer.WriteAsync(PgText.Encode(row.Metadata), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                if (row.Cycle is { } cycle)
                {
                    await writer.WriteAsync(cycle, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await writer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                }

                await writer.WriteAsync(row.At, NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
            }

            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(connection, transaction, MergePatternBatchSql, cancellationToken).ConfigureAwait(false);
    }

    private static StoredPattern ReadPatternRow(NpgsqlDataReader reader) => StoreRecords.Pattern(new PgRow(reader));

    private sealed record PatternRow(
        string Fingerprint,
        string Type,
        string Subject,
        string Key,
        string Description,
        long Occurrences,
        double ImpactScore,
        DateTimeOffset FirstSeen,
        DateTimeOffset LastSeen,
        string Examples,
        string Metadata,
        long? Cycle,
        DateTimeOffset At);
}
