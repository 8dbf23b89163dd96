using System.Data;
using System.Globalization;

using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;
using Alpha.Learning.Storage.Internal;

using Npgsql;

namespace Alpha.Learning.Storage;

public sealed partial class PostgreSqlLearningStore
{
    private const string UniqueViolation = "23505";

    private const string ImprovementColumns = StoreRecords.ImprovementColumns;

    private const string InsertImprovementSql =
        "INSERT INTO improvements_applied (" + ImprovementColumns + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, " +
        "$13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)";

    // What counts against the quota: in progress, applied, or applied then rolled back, created or applied in the window.
    private const string QuotaCountSql = """
        SELECT count(*) FROM improvements_applied
        WHERE status IN ('applying', 'applied', 'rolled_back')
          AND ((created_at >= $1 AND created_at < $2) OR (applied_at >= $1 AND applied_at < $2));
        """;

    private const string UpdateImprovementSql = """
        UPDATE improvements_applied SET
            status            = $2,
            status_changed_at = $4,
            applied_at        = CASE WHEN $2 = 'applied' THEN $4 ELSE applied_at END,
            rolled_back_at    = CASE WHEN $2 = 'rolled_back' THEN $4 ELSE rolled_back_at END,
            reason            = coalesce($5, reason),
            config_file       = coalesce($6, config_file),
            version_before    = coalesce($7, version_before),
            version_after     = coalesce($8, version_after),
            backup_file       = coalesce($9, backup_file)
        WHERE id = $1 AND ($3::text IS NULL OR status = $3);
        """;

    /// <inheritdoc/>
    public Task StoreImprovementAsync(ImprovementRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return StoreImprovementsAsync([record], cancellationToken);
    }

    /// <inheritdoc/>
    public Task<int> StoreImprovementsAsync(IEnumerable<ImprovementRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var list = records.ToList();
        foreach (var record in list)
        {
            ArgumentNullException.ThrowIfNull(record, nameof(records));
            StoreChecks.Improvement(record);
        }

        return RunAsync(
            (connection, token) => InTransactionAsync(
                connection,
                IsolationLevel.ReadCommitted,
                async transaction =>
                {
                    foreach (var record in list)
                    {
                        try
                        {
                            await ExecuteAsync(connection, transaction, InsertImprovementSql + ";", token, ImprovementValues(record)).ConfigureAwait(false);
                        }
                        catch (PostgresException exception) when (exception.SqlState == UniqueViolation)
                        {
                            throw new InvalidOperationException($"An improvement with id '{record.Id}' already exists; nothing was stored.", exception);
                        }
                    }

                    return list.Count;
                },
                token),
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<ReservationOutcome> TryReserveImprovementAsync(ImprovementRecord record, DateTimeOffset windowStart, DateTimeOffset windowEnd, int maxInWindow, CancellationToken cancellationToken = default)
    {
        StoreChecks.Reservation(record, windowStart, windowEnd, maxInWindow);
        StoreChecks.Improvement(record);
        return RunAsync(
            (connection, token) => InTransactionAsync(
                connection,
                IsolationLevel.ReadCommitted,
                async transaction =>
                {
                    // Every reservation of the store takes this lock before counting, so two instances never both see room for one more.
                    await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(hashtext($1));", token, LockKey("quota")).ConfigureAwait(false);
                    if (await ScalarAsync(connection, transaction, "SELECT 1 FROM improvements_applied WHERE id = $1;", token, record.Id).ConfigureAwait(false) is not null)
                    {
                        return ReservationOutcome.AlreadyExists;
                    }

                    var count = Convert.ToInt64(await ScalarAsync(connection, transaction, QuotaCountSql, token, windowStart, windowEnd).ConfigureAwait(false), CultureInfo.InvariantCulture);
                    if (count >= maxInWindow)
                    {
                        return ReservationOutcome.QuotaExceeded;
                    }

                    var inserted = await ExecuteAsync(connection, transaction, InsertImprovementSql + " ON CONFLICT (id) DO NOTHING;", token, ImprovementValues(record)).ConfigureAwait(false);
                    return inserted == 1 ? ReservationOutcome.Reserved : ReservationOutcome.AlreadyExists;
                },
                token),
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<long> CountAppliedInWindowAsync(DateTimeOffset windowStart, DateTimeOffset windowEnd, CancellationToken cancellationToken = default) =>
        RunAsync(
            async (connection, token) => Convert.ToInt64(await ScalarAsync(connection, null, QuotaCountSql, token, windowStart, windowEnd).ConfigureAwait(false), CultureInfo.InvariantCulture),
            cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyDictionary<ImprovementStatus, long>> CountImprovementsByStatusAsync(CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyDictionary<ImprovementStatus, long>>(
            async (connection, token) => await GroupCountAsync(connection, null, ImprovementsByStatusSql, EnumNames.ParseImprovementStatus, token).ConfigureAwait(false),
            cancellationToken);

    /// <inheritdoc/>
    public Task<bool> UpdateImprovementStatusAsync(string id, ImprovementStatus newStatus, ImprovementStatus? expectedStatus, string? reason, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return UpdateImprovementAsync(new ImprovementUpdate { Id = id, NewStatus = newStatus, ExpectedStatus = expectedStatus, Reason = reason, At = at }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<bool> UpdateImprovementAsync(ImprovementUpdate update, CancellationToken cancellationToken = default)
    {
        StoreChecks.Update(update);
        var changes = update.PathChanges.ToList();
        return RunAsync(
            (connection, token) => InTransactionAsync(
                connection,
                IsolationLevel.ReadCommitted,
                async transaction =>
                {
                    // One UPDATE with the expected status in its WHERE: under concurrent updates PostgreSQL re-checks the
                    // condition on the newest row version, so a compare-and-set succeeds once.
                    var updated = await ExecuteAsync(
                        connection,
                        transaction,
                        UpdateImprovementSql,
                        token,
                        update.Id,
                        EnumNames.ToName(update.NewStatus),
                        update.ExpectedStatus is { } expected ? EnumNames.ToName(expected) : null,
                        update.At,
                        update.Reason,
                        update.ConfigFile,
                        update.VersionBefore,
                        update.VersionAfter,
                        update.BackupFile).ConfigureAwait(false);
                    if (updated != 1)
                    {
                        return false;
                    }

                    await WritePathChangesAsync(connection, transaction, changes, token).ConfigureAwait(false);
                    return true;
                },
                token),
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<ImprovementRecord?> GetImprovementAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return RunAsync(
            (connection, token) => ReadOneAsync(Command(connection, null, $"SELECT {ImprovementColumns} FROM improvements_applied WHERE id = $1;", id), ReadImprovementRow, token),
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<ImprovementRecord>> GetImprovementsAsync(ImprovementStatus? status = null, ActionType? actionType = null, int limit = 100, CancellationToken cancellationToken = default)
    {
        StoreChecks.Limit(limit);
        var statusName = status is { } s ? EnumNames.ToName(s) : null;
        var actionName = actionType is { } a ? EnumNames.ToName(a) : null;
        var order = status == ImprovementStatus.Applied ? "applied_at DESC NULLS LAST, created_at DESC, seq DESC" : "created_at DESC, seq DESC";
        return RunAsync<IReadOnlyList<ImprovementRecord>>(
            async (connection, token) => await ReadAllAsync(
                Command(connection, null, $"SELECT {ImprovementColumns} FROM improvements_applied WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR action_type = $2) ORDER BY {order} LIMIT $3;", statusName, actionName, limit),
                ReadImprovementRow,
                token).ConfigureAwait(false),
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<ImprovementRecord>> GetImprovementsByRecommendationAsync(string recommendationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recommendationId);
        return RunAsync<IReadOnlyList<ImprovementRecord>>(
            async (connection, token) => await ReadAllAsync(
                Command(connection, null, $"SELECT {ImprovementColumns} FROM improvements_applied WHERE recommendation_id = $1 ORDER BY created_at DESC, id DESC;", recommendationId),
                ReadImprovementRow,
                token).ConfigureAwait(false),
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<int> ExpirePendingApprovalsAsync(DateTimeOffset waitingSince, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        RunAsync(
            (connection, token) => ExecuteAsync(connection, null, """
                UPDATE improvements_applied
                SET status = 'expired', status_changed_at = $1, reason = coalesce(reason, 'Waited for approval too long.')
                WHERE status = 'pending_approval' AND coalesce(status_changed_at, created_at) < $2;
                """, token, at, waitingSince),
            cancellationToken);

    /// <inheritdoc/>
    public Task<int> RecordPathChangesAsync(IEnumerable<PathChange> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var list = changes.ToList();
        return RunAsync(
            (connection, token) => InTransactionAsync(connection, IsolationLevel.ReadCommitted, transaction => WritePathChangesAsync(connection, transaction, list, token), token),
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<PathChange>> GetPathChangesAsync(string path, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        return RunAsync<IReadOnlyList<PathChange>>(
            async (connection, token) => await ReadAllAsync(
                Command(connection, null, $"SELECT {StoreRecords.PathChangeColumns} FROM path_changes WHERE path = $1 AND at >= $2 ORDER BY at, id;", path, since),
                static r => StoreRecords.PathChange(new PgRow(r)),
                token).ConfigureAwait(false),
            cancellationToken);
    }

    private static async Task<int> WritePathChangesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<PathChange> changes, CancellationToken cancellationToken)
    {
        if (changes.Count == 0)
        {
            return 0;
        }

        var batch = new NpgsqlBatch(connection, transaction);
        await using (batch.ConfigureAwait(false))
        {
            foreach (var change in changes)
            {
                StoreChecks.PathChange(change, nameof(changes));
                var command = new NpgsqlBatchCommand($"INSERT INTO path_changes ({StoreRecords.PathChangeColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7);");
                foreach (var value in StoreRecords.PathChangeValues(change))
                {
                    command.Parameters.Add(new NpgsqlParameter { Value = Db(value) });
                }

                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return changes.Count;
    }

    private static object?[] ImprovementValues(ImprovementRecord record) => StoreRecords.ImprovementValues(record);

    private static ImprovementRecord ReadImprovementRow(NpgsqlDataReader reader) => StoreRecords.Improvement(new PgRow(reader));
}
