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

    private const string ImprovementColumns =
        "id, recommendation_id, pattern_fingerprint, pattern_type, title, action_type, risk, priority, confidence, target_metric, " +
        "subject, key, changes, status, created_at, applied_at, rolled_back_at, status_changed_at, config_file, version_before, " +
        "version_after, backup_file, reason, verdict, cycle_number";

    private const string InsertImprovementSql =
        "INSERT INTO improvements_applied (" + ImprovementColumns + ") VALUES ($id, $recommendation_id, $pattern_fingerprint, " +
        "$pattern_type, $title, $action_type, $risk, $priority, $confidence, $target_metric, $subject, $key, $changes, $status, " +
        "$created_at, $applied_at, $rolled_back_at, $status_changed_at, $config_file, $version_before, $version_after, $backup_file, " +
        "$reason, $verdict, $cycle_number)";

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

    private const string InsertPathChangeSql = """
        INSERT INTO path_changes (path, old_value, new_value, improvement_id, kind, direction, at)
        VALUES ($path, $old_value, $new_value, $improvement_id, $kind, $direction, $at);
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
            (connection, token) =>
            {
                using var transaction = connection.BeginTransaction(deferred: false);
                using var command = Command(connection, transaction, InsertImprovementSql + ";");
                var count = 0;
                foreach (var record in records)
                {
                    ArgumentNullException.ThrowIfNull(record, nameof(records));
                    token.ThrowIfCancellationRequested();
                    BindImprovement(command, record);
                    try
                    {
                        command.ExecuteNonQuery();
                    }
                    catch (SqliteException exception) when (exception.SqliteExtendedErrorCode is SqliteConstraintPrimaryKey or SqliteConstraintUnique)
                    {
                        throw new InvalidOperationException($"An improvement with id '{record.Id}' already exists; nothing was stored.", exception);
                    }

                    count++;
                }

                transaction.Commit();
                return count;
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<ReservationOutcome> TryReserveImprovementAsync(ImprovementRecord record, DateTimeOffset windowStart, DateTimeOffset windowEnd, int maxInWindow, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentOutOfRangeException.ThrowIfNegative(maxInWindow);
        if (windowEnd <= windowStart)
        {
            throw new ArgumentOutOfRangeException(nameof(windowEnd), windowEnd, "The end of the quota window must come after its start.");
        }

        if (record.Status is not (ImprovementStatus.Applying or ImprovementStatus.Applied))
        {
            throw new ArgumentException($"A reserved improvement must have the status applying or applied (so that it counts against the quota), not {EnumNames.ToName(record.Status)}.", nameof(record));
        }

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
        ArgumentNullException.ThrowIfNull(update);
        ArgumentNullException.ThrowIfNull(update.Id, nameof(update));
        ArgumentNullException.ThrowIfNull(update.PathChanges, nameof(update));
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
                using var command = Command(connection, null, $"SELECT {ImprovementColumns} FROM improvements_applied WHERE id = $id;");
                command.Parameters.AddWithValue("$id", id);
                using var reader = command.ExecuteReader();
                return reader.Read() ? ReadImprovementRow(reader) : null;
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<ImprovementRecord>> GetImprovementsAsync(ImprovementStatus? status = null, ActionType? actionType = null, int limit = 100, CancellationToken cancellationToken = default)
    {
        CheckLimit(limit);
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
                using var command = Command(connection, null, $"SELECT {ImprovementColumns} FROM improvements_applied WHERE recommendation_id = $recommendation_id ORDER BY created_at DESC, id DESC;");
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

    /// <inheritdoc/>
    public Task<int> RecordPathChangesAsync(IEnumerable<PathChange> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return RunAsync(
            (connection, token) =>
            {
                using var transaction = connection.BeginTransaction(deferred: false);
                var count = WritePathChanges(connection, transaction, changes, token);
                transaction.Commit();
                return count;
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<PathChange>> GetPathChangesAsync(string path, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        return RunAsync<IReadOnlyList<PathChange>>(
            (connection, _) =>
            {
                using var command = Command(connection, null, PathChangesQuerySql);
                command.Parameters.AddWithValue("$path", path);
                command.Parameters.AddWithValue("$since", SqlText.Time(since));
                return ReadAll(command, static r => new PathChange
                {
                    Path = r.GetString(0),
                    OldValue = SqlText.ParseScalar(r.GetString(1)),
                    NewValue = SqlText.ParseScalar(r.GetString(2)),
                    ImprovementId = r.GetString(3),
                    Kind = EnumNames.ParsePathChangeKind(r.GetString(4)),
                    Direction = EnumNames.ParseChangeDirection(r.GetString(5)),
                    At = SqlText.ParseTime(r.GetString(6)),
                });
            },
            cancellationToken);
    }

    /// <summary>The query behind <see cref="GetPathChangesAsync"/>.</summary>
    internal const string PathChangesQuerySql =
        "SELECT path, old_value, new_value, improvement_id, kind, direction, at FROM path_changes WHERE path = $path AND at >= $since ORDER BY at, id;";

    /// <summary>
    /// The query behind <see cref="GetImprovementsAsync"/>: only the filters given, so the indexes serve it. Applied
    /// improvements come most recently applied first (an older recommendation may be applied later, after approval).
    /// </summary>
    internal static string ImprovementQuerySql(bool byStatus, bool byActionType, bool byApplyTime = false)
    {
        var sql = new StringBuilder("SELECT ").Append(ImprovementColumns).Append(" FROM improvements_applied");
        var where = " WHERE ";
        if (byStatus)
        {
            sql.Append(where).Append("status = $status");
            where = " AND ";
        }

        if (byActionType)
        {
            sql.Append(where).Append("action_type = $action_type");
        }

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

    private static int WritePathChanges(SqliteConnection connection, SqliteTransaction transaction, IEnumerable<PathChange> changes, CancellationToken cancellationToken)
    {
        using var command = Command(connection, transaction, InsertPathChangeSql);
        var path = Add(command, "$path", SqliteType.Text);
        var oldValue = Add(command, "$old_value", SqliteType.Text);
        var newValue = Add(command, "$new_value", SqliteType.Text);
        var improvementId = Add(command, "$improvement_id", SqliteType.Text);
        var kind = Add(command, "$kind", SqliteType.Text);
        var direction = Add(command, "$direction", SqliteType.Text);
        var at = Add(command, "$at", SqliteType.Text);
        var count = 0;
        foreach (var change in changes)
        {
            ArgumentNullException.ThrowIfNull(change, nameof(changes));
            ArgumentNullException.ThrowIfNull(change.Path, nameof(changes));
            ArgumentNullException.ThrowIfNull(change.ImprovementId, nameof(changes));
            cancellationToken.ThrowIfCancellationRequested();
            path.Value = change.Path;
            oldValue.Value = SqlText.Scalar(change.OldValue);
            newValue.Value = SqlText.Scalar(change.NewValue);
            improvementId.Value = change.ImprovementId;
            kind.Value = EnumNames.ToName(change.Kind);
            direction.Value = EnumNames.ToName(change.Direction);
            at.Value = SqlText.Time(change.At);
            command.ExecuteNonQuery();
            count++;
        }

        return count;
    }

    private static void BindImprovement(SqliteCommand command, ImprovementRecord record)
    {
        ArgumentException.ThrowIfNullOrEmpty(record.Id, nameof(record));
        ArgumentNullException.ThrowIfNull(record.Changes, nameof(record));
        RequireFinite(record.Confidence, "The confidence of an improvement", nameof(record));
        var p = command.Parameters;
        p.Clear();
        p.AddWithValue("$id", record.Id);
        p.AddWithValue("$recommendation_id", record.RecommendationId ?? string.Empty);
        p.AddWithValue("$pattern_fingerprint", record.PatternFingerprint ?? string.Empty);
        p.AddWithValue("$pattern_type", EnumNames.ToName(record.PatternType));
        p.AddWithValue("$title", record.Title ?? string.Empty);
        p.AddWithValue("$action_type", EnumNames.ToName(record.ActionType));
        p.AddWithValue("$risk", EnumNames.ToName(record.Risk));
        p.AddWithValue("$priority", EnumNames.ToName(record.Priority));
        p.AddWithValue("$confidence", record.Confidence);
        p.AddWithValue("$target_metric", EnumNames.ToName(record.TargetMetric));
        p.AddWithValue("$subject", record.Subject ?? string.Empty);
        p.AddWithValue("$key", record.Key ?? string.Empty);
        p.AddWithValue("$changes", SqlText.Changes(record.Changes));
        p.AddWithValue("$status", EnumNames.ToName(record.Status));
        p.AddWithValue("$created_at", SqlText.Time(record.CreatedAt));
        p.AddWithValue("$applied_at", SqlText.TimeOrNull(record.AppliedAt));
        p.AddWithValue("$rolled_back_at", SqlText.TimeOrNull(record.RolledBackAt));
        p.AddWithValue("$status_changed_at", SqlText.TimeOrNull(record.StatusChangedAt));
        p.AddWithValue("$config_file", SqlText.OrNull(record.ConfigFile));
        p.AddWithValue("$version_before", SqlText.OrNull(record.VersionBefore));
        p.AddWithValue("$version_after", SqlText.OrNull(record.VersionAfter));
        p.AddWithValue("$backup_file", SqlText.OrNull(record.BackupFile));
        p.AddWithValue("$reason", SqlText.OrNull(record.Reason));
        p.AddWithValue("$verdict", EnumNames.ToName(record.Verdict));
        p.AddWithValue("$cycle_number", SqlText.OrNull(record.CycleNumber));
    }

    private static ImprovementRecord ReadImprovementRow(SqliteDataReader r) => new()
    {
        Id = r.GetString(0),
        RecommendationId = r.GetString(1),
        PatternFingerprint = r.GetString(2),
        PatternType = EnumNames.ParsePatternType(r.GetString(3)),
        Title = r.GetString(4),
        ActionType = EnumNames.ParseActionType(r.GetString(5)),
        Risk = EnumNames.ParseRiskLevel(r.GetString(6)),
        Priority = EnumNames.ParsePriority(r.GetString(7)),
        Confidence = r.GetDouble(8),
        TargetMetric = EnumNames.ParseTargetMetric(r.GetString(9)),
        Subject = r.GetString(10),
        Key = r.GetString(11),
        Changes = SqlText.ParseChanges(r.GetString(12)),
        Status = EnumNames.ParseImprovementStatus(r.GetString(13)),
        CreatedAt = SqlText.ParseTime(r.GetString(14)),
        AppliedAt = TimeOrNull(r, 15),
        RolledBackAt = TimeOrNull(r, 16),
        StatusChangedAt = TimeOrNull(r, 17),
        ConfigFile = StringOrNull(r, 18),
        VersionBefore = StringOrNull(r, 19),
        VersionAfter = StringOrNull(r, 20),
        BackupFile = StringOrNull(r, 21),
        Reason = StringOrNull(r, 22),
        Verdict = EnumNames.ParseVerificationVerdict(r.GetString(23)),
        CycleNumber = r.IsDBNull(24) ? null : r.GetInt64(24),
    };

    private static DateTimeOffset? TimeOrNull(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : SqlText.ParseTime(reader.GetString(ordinal));

    private static string? StringOrNull(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
