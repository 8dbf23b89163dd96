using Alpha.Learning.Loop;
using Alpha.Learning.Storage.Internal;

using Microsoft.Data.Sqlite;

namespace Alpha.Learning.Storage;

/// <summary>Cycle runs: numbered once across processes, finished once.</summary>
public sealed partial class SqliteLearningStore
{
    /// <inheritdoc/>
    public Task<CycleRun> StartCycleAsync(DateTimeOffset at, string? owner = null, CancellationToken cancellationToken = default) =>
        RunAsync(
            (connection, _) =>
            {
                // AUTOINCREMENT under the write lock: every cycle number is given once, across processes.
                using var command = Command(connection, null, $"INSERT INTO cycle_runs (started_at, status, owner) VALUES ($at, 'running', $owner) RETURNING {StoreRecords.CycleColumns};");
                command.Parameters.AddWithValue("$at", SqlText.Time(at));
                command.Parameters.AddWithValue("$owner", SqlText.OrNull(owner));
                using var reader = command.ExecuteReader();
                reader.Read();
                return ReadCycleRow(reader);
            },
            cancellationToken);

    /// <inheritdoc/>
    public Task<bool> FinishCycleAsync(long cycleNumber, CycleRunStatus status, string? reason, string? report, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        StoreChecks.FinishStatus(status);

        return RunAsync(
            (connection, _) =>
            {
                using var command = Command(connection, null, """
                    UPDATE cycle_runs SET status = $status, reason = $reason, report = $report, finished_at = $at
                    WHERE cycle_number = $cycle_number AND status = 'running';
                    """);
                command.Parameters.AddWithValue("$status", EnumNames.ToName(status));
                command.Parameters.AddWithValue("$reason", SqlText.OrNull(reason));
                command.Parameters.AddWithValue("$report", SqlText.OrNull(report));
                command.Parameters.AddWithValue("$at", SqlText.Time(at));
                command.Parameters.AddWithValue("$cycle_number", cycleNumber);
                return command.ExecuteNonQuery() == 1;
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<long> GetCycleCountAsync(CancellationToken cancellationToken = default) =>
        RunAsync((connection, _) => CycleCount(connection, null), cancellationToken);

    /// <inheritdoc/>
    public Task<long> CountCyclesAsync(CycleRunStatus status, CancellationToken cancellationToken = default) =>
        RunAsync(
            (connection, _) =>
            {
                using var command = Command(connection, null, "SELECT count(*) FROM cycle_runs WHERE status = $status;");
                command.Parameters.AddWithValue("$status", EnumNames.ToName(status));
                return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            },
            cancellationToken);

    /// <inheritdoc/>
    public Task<CycleRun?> GetLastCycleAsync(CancellationToken cancellationToken = default) =>
        RunAsync((connection, _) => ReadCycle(connection, $"SELECT {StoreRecords.CycleColumns} FROM cycle_runs ORDER BY cycle_number DESC LIMIT 1;", null), cancellationToken);

    /// <inheritdoc/>
    public Task<CycleRun?> GetCycleAsync(long cycleNumber, CancellationToken cancellationToken = default) =>
        RunAsync((connection, _) => ReadCycle(connection, $"SELECT {StoreRecords.CycleColumns} FROM cycle_runs WHERE cycle_number = $cycle_number;", cycleNumber), cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<CycleRun>> GetRunningCyclesAsync(CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<CycleRun>>(
            (connection, _) =>
            {
                using var command = Command(connection, null, $"SELECT {StoreRecords.CycleColumns} FROM cycle_runs WHERE status = 'running' ORDER BY cycle_number;");
                return ReadAll(command, ReadCycleRow);
            },
            cancellationToken);

    private static CycleRun? ReadCycle(SqliteConnection connection, string sql, long? cycleNumber)
    {
        using var command = Command(connection, null, sql);
        if (cycleNumber is { } number)
        {
            command.Parameters.AddWithValue("$cycle_number", number);
        }

        return ReadOne(command, ReadCycleRow);
    }

    private static CycleRun ReadCycleRow(SqliteDataReader reader) => StoreRecords.Cycle(new SqliteRow(reader));
}
