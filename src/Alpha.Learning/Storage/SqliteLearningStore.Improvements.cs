using System.Globalization;
using System.Text;

using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;
using Alpha.Learning.Storage.Internal;

using Microsoft.Data.Sqlite;

namespace Alpha.Learning.Storage;

public sealed partial class SqliteLearningStore
{
    // SQLITE_CONSTRAINT_PRIMARYKEY and SQLITE_CONSTRAINT_UNIQUE: the id is taken.
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;

    // One named parameter per column ($id, $recommendation_id, ...), bound from StoreRecords.ImprovementValues.
    private static readonly string[] ImprovementParameters = StoreRecords.ImprovementColumns.Split(", ").Select(c => "$" + c).ToArray();

    private static readonly string InsertImprovementSql =
        "INSERT INTO improvements_applied (" + StoreRecords.ImprovementColumns + ") VALUES (" + string.Join(", ", ImprovementParameters) + ")";

    // What counts against the quota: in progress, applied, or applied then rolled back, created or applied in the window.
    // A union of two range searches (one per index) rather than an OR, which would scan every counted improvement ever;
    // the unary + keeps the planner on the applied_at index in the second.
    private const string QuotaIdsSql = """
        SELECT id FROM improvements_applied
        WHERE status IN ('applying', 'applied', 'rolled_back') AND created_at >= $window_start AND created_at < $window_end
        UNION
        SELECT id FROM improvements_applied
        WHERE applied_at >= $window_start AND applied_at < $window_end AND +status IN ('applying', 'applied', 'rolled_back')
        """;

    private const string UpdateImprovementSql = """
        UPDATE improvements_applied SET
            status            = $new_status,
            status_changed_at = $at,
            applied_at        = CASE WHEN $new_status = 'applied' THEN $at ELSE applied_at END,
            rolled_back_at    = CASE WHEN $new_status = 'rolled_back' THEN $at ELSE rolled_back_at END,
            reason            = coalesce($reason, reason),
            config_file       = coalesce($config_file, config_file),
            version_before    = coalesce($version_before, version_before),
            version_after     = coalesce($version_after, version_after),
            backup_file       = coalesce($backup_file, backup_file)
        WHERE id = $id AND ($expected_status IS NULL OR status = $expected_status);
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
        return RunAsync(
            (connection, token) => SqliteBatch.Write(
                connection,
                records,
                nameof(records),
                transaction => Command(connection, transaction, InsertImprovementSql + ";"),
                static (command, record) =>
                {
                    BindImprovement(command, record);
                    try
                    {
                        command.ExecuteNonQuery();
                    }
                    catch (SqliteException exception) when (exception.SqliteExtendedErrorCode is SqliteConstraintPrimaryKey or SqliteConstraintUnique)
                    {
                        throw new InvalidOperationException($"An improvement with id '{record.Id}' already exists; nothing was stored.", exception);
                    }
                },
                token),
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<ReservationOutcome> TryReserveImprovementAsync(ImprovementRecord record, DateTimeOffset windowStart, DateTimeOffset windowEnd, int maxInWindow, CancellationToken cancellationToken = default)
    {
        StoreChecks.Reservation(record, windowStart, windowEnd, maxInWindow);
        return RunAsync(
            (connection, _) =>
            {
                // BEGIN IMMEDIATE takes the write lock before the count, so two processes can never both see room for one more.
                using var transaction = connection.BeginTransaction(deferred: false);
                using (var exists = Command(connection, transaction, "SELECT 1 FROM improvements_applied WHERE id = $id;"))
                {
                    exists.Parameters.AddWithValue("$id", record.Id);
                    if (exists.ExecuteScalar() is not null)
                    {
                        return ReservationOutcome.AlreadyExists;
                    }
                }

                if (CountInWindow(connection, transaction, windowStart, windowEnd) >= maxInWindow)
                {
                    return ReservationOutcome.QuotaExceeded;
                }

                using var insert = Command(connection, transaction, InsertImprovementSql + " ON CONFLICT (id) DO NOTHING;");
                BindImprovement(insert, record);
                var outcome = insert.ExecuteNonQuery() == 1 ? ReservationOutcome.Reserved : ReservationOutcome.AlreadyExists;
                transaction.Commit();
                return outcome;
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<long> CountAppliedInWindowAsync(DateTimeOffset windowStart, DateTimeOffset windowEnd, CancellationToken cancellationToken = default) =>
        RunAsync((connection, _) => CountInWindow(connection, null, windowStart, windowEnd), cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyDictionary<ImprovementStatus, long>> CountImprovementsByStatusAsync(CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyDictionary<ImprovementStatus, long>>(
            (connection, _) => GroupCount(connection, null, ImprovementsByStatusSql, EnumNames.ParseImprovementStatus),
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
        return RunAsync(
            (connection, _) =>
            {
                using var transaction = connection.BeginTransaction(deferred: false);
                using var command = Command(connection, transaction, UpdateImprovementSql);
                command.Parameters.AddWithValue("$id", update.Id);
                command.Parameters.AddWithValue("$new_status", EnumNames.ToName(update.NewStatus));
                command.Parameters.AddWithValue("$expected_status", update.ExpectedStatus is { } expected ? EnumNames.ToName(expected) : DBNull.Value);
                command.Parameters.AddWithValue("$at", SqlText.Time(update.At));
                command.Parameters.AddWithValue("$reason", SqlText.OrNull(update.Reason));
                command.Parameters.AddWithValue("$config_file", SqlText.OrNull(update.ConfigFile));
                command.Parameters.AddWithValue("$version_before", SqlText.OrNull(update.VersionBefore));
                command.Parameters.AddWithValue("$version_after", SqlText.OrNull(update.VersionAfter));
                command.Parameters.AddWithValue("$backup_file", SqlText.OrNull(update.BackupFile));
                if (command.ExecuteNonQuery() != 1)
                {
                    return false;
                }

                WritePathChanges(connection, transaction, update.PathChanges, CancellationToken.None);
                transaction.Commit();
                return true;
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<ImprovementRecord?> GetImprovementAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return RunAsync(
            (connection, _) =>
            {
                using var command = Command(connection, null, $"SELECT {StoreRecords.ImprovementColumns} FROM improvements_applied WHERE id = $id;");
                command.Parameters.AddWithValue("$id", id);
                return ReadOne(command, ReadImprovementRow);
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<ImprovementRecord>> GetImprovementsAsync(ImprovementStatus? status = null, ActionType? actionType = null, int limit = 100, CancellationToken cancellationToken = default)
    {
        StoreChecks.Limit(limit);
        var statusName = status is { } s ? EnumNames.ToName(s) : null;
        var actionName = actionType is { } a ? EnumNames.ToName(a) : null;
        return RunAsync<IReadOnlyList<ImprovementRecord>>(
            (connection, _) =>
            {
                using var command = Command(connection, null, ImprovementQuerySql(statusName is not null, actionName is not null, byApplyTime: status == ImprovementStatus.Applied));
                if (statusName is not null)
                {
                    command.Parameters.AddWithValue("$status", statusName);
                }

                if (actionName is not null)
                {
                    command.Parameters.AddWithValue("$action_type", actionName);
                }

                command.Parameters.AddWithValue("$limit", limit);
                return ReadAll(command, ReadImprovementRow);
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<ImprovementRecord>> GetImprovementsByRecommendationAsync(string recommendationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recommendationId);
        return RunAsync<IReadOnlyList<ImprovementRecord>>(
            (connection, _) =>
            {
                using var command = Command(connection, null, $"SELECT {StoreRecords.ImprovementColumns} FROM improvements_applied WHERE recommendation_id = $recommendation_id ORDER BY created_at DESC, id DESC;");
                command.Parameters.AddWithValue("$recommendation_id", recommendationId);
                return ReadAll(command, ReadImprovementRow);
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<int> ExpirePendingApprovalsAsync(DateTimeOffset waitingSince, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        RunAsync(
            (connection, _) =>
            {
                using var command = Command(connection, null, """
                    UPDATE improvements_applied
                    SET status = 'expired', status_changed_at = $at, reason = coalesce(reason, 'Waited for approval too long.')
                    WHERE status = 'pending_approval' AND coalesce(status_changed_at, created_at) < $since;
                    """);
                command.Parameters.AddWithValue("$at", SqlText.Time(at));
                command.Parameters.AddWithValue("$since", SqlText.Time(waitingSince));
                return command.ExecuteNonQuery();
            },
            cancellationToken);

    /// <summary>
    /// The query behind <see cref="GetImprovementsAsync"/>: only the filters given, so the indexes serve it. Applied
    /// improvements come most recently applied first (an older recommendation may be applied later, after approval).
    /// </summary>
    internal static string ImprovementQuerySql(bool byStatus, bool byActionType, bool byApplyTime = false)
    {
        var sql = new StringBuilder("SELECT ").Append(StoreRecords.ImprovementColumns).Append(" FROM improvements_applied")
            .AppendWhere((byStatus, "status = $status"), (byActionType, "action_type = $action_type"));

        // rowid breaks ties in insertion order and is part of every index entry, so the index still gives the order.
        return sql.Append(byApplyTime ? " ORDER BY applied_at DESC, created_at DESC, rowid DESC LIMIT $limit;" : " ORDER BY created_at DESC, rowid DESC LIMIT $limit;").ToString();
    }

    /// <summary>The count behind the quota.</summary>
    internal const string QuotaCountSql = "SELECT count(*) FROM (" + QuotaIdsSql + ");";

    private static long CountInWindow(SqliteConnection connection, SqliteTransaction? transaction, DateTimeOffset windowStart, DateTimeOffset windowEnd)
    {
        using var command = Command(connection, transaction, QuotaCountSql);
        command.Parameters.AddWithValue("$window_start", SqlText.Time(windowStart));
        command.Parameters.AddWithValue("$window_end", SqlText.Time(windowEnd));
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static void BindImprovement(SqliteCommand command, ImprovementRecord record)
    {
        StoreChecks.Improvement(record);
        var values = StoreRecords.ImprovementValues(record);
        var parameters = command.Parameters;
        parameters.Clear();
        for (var i = 0; i < values.Length; i++)
        {
            parameters.AddWithValue(ImprovementParameters[i], Value(values[i]));
        }
    }

    private static ImprovementRecord ReadImprovementRow(SqliteDataReader reader) => StoreRecords.Improvement(new SqliteRow(reader));
}
