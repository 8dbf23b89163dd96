using Alpha.Learning.Improvements;
using Alpha.Learning.Storage.Internal;

using Microsoft.Data.Sqlite;

namespace Alpha.Learning.Storage;

/// <summary>The per-path change history behind cooldowns and quotas.</summary>
public sealed partial class SqliteLearningStore
{
    /// <summary>The query behind <see cref="GetPathChangesAsync"/>.</summary>
    internal const string PathChangesQuerySql =
        "SELECT " + StoreRecords.PathChangeColumns + " FROM path_changes WHERE path = $path AND at >= $since ORDER BY at, id;";

    private const string InsertPathChangeSql =
        "INSERT INTO path_changes (" + StoreRecords.PathChangeColumns + ") VALUES ($path, $old_value, $new_value, $improvement_id, $kind, $direction, $at);";

    private static readonly string[] PathChangeParameters = ["$path", "$old_value", "$new_value", "$improvement_id", "$kind", "$direction", "$at"];

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
                return ReadAll(command, static r => StoreRecords.PathChange(new SqliteRow(r)));
            },
            cancellationToken);
    }

    private static int WritePathChanges(SqliteConnection connection, SqliteTransaction transaction, IEnumerable<PathChange> changes, CancellationToken cancellationToken) =>
        SqliteBatch.WriteIn(
            transaction,
            changes,
            nameof(changes),
            transaction =>
            {
                var command = Command(connection, transaction, InsertPathChangeSql);
                foreach (var name in PathChangeParameters)
                {
                    Add(command, name, SqliteType.Text);
                }

                return command;
            },
            static (command, change) =>
            {
                StoreChecks.PathChange(change, nameof(changes));
                var values = StoreRecords.PathChangeValues(change);
                for (var i = 0; i < values.Length; i++)
                {
                    command.Parameters[i].Value = Value(values[i]);
                }

                command.ExecuteNonQuery();
            },
            cancellationToken);
}
