using System.Globalization;

using Alpha.Learning.Loop;
using Alpha.Learning.Storage.Internal;

using Npgsql;

namespace Alpha.Learning.Storage;

/// <summary>Cycle runs: numbered by a sequence, finished once.</summary>
public sealed partial class PostgreSqlLearningStore
{
    /// <inheritdoc/>
    public Task<CycleRun> StartCycleAsync(DateTimeOffset at, string? owner = null, CancellationToken cancellationToken = default) =>
        RunAsync(
            async (connection, token) => (await ReadOneAsync(
                Command(connection, null, $"INSERT INTO cycle_runs (cycle_number, started_at, status, owner) VALUES (nextval('cycle_numbers'), $1, 'running', $2) RETURNING {StoreRecords.CycleColumns};", at, owner),
                ReadCycleRow,
                token).ConfigureAwait(false))!,
            cancellationToken);

    /// <inheritdoc/>
    public Task<bool> FinishCycleAsync(long cycleNumber, CycleRunStatus status, string? reason, string? report, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        StoreChecks.FinishStatus(status);

        return RunAsync(
            async (connection, token) => await ExecuteAsync(connection, null, """
                UPDATE cycle_runs SET status = $1, reason = $2, report = $3, finished_at = $4
                WHERE cycle_number = $5 AND status = 'running';
                """, token, EnumNames.ToName(status), reason, report, at, cycleNumber).ConfigureAwait(false) == 1,
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<long> GetCycleCountAsync(CancellationToken cancellationToken = default) =>
        RunAsync((connection, token) => CycleCountAsync(connection, null, token), cancellationToken);

    /// <inheritdoc/>
    public Task<long> CountCyclesAsync(CycleRunStatus status, CancellationToken cancellationToken = default) =>
        RunAsync(
            async (connection, token) => Convert.ToInt64(
                await ScalarAsync(connection, null, "SELECT count(*) FROM cycle_runs WHERE status = $1;", token, EnumNames.ToName(status)).ConfigureAwait(false),
                CultureInfo.InvariantCulture),
            cancellationToken);

    /// <inheritdoc/>
    public Task<CycleRun?> GetLastCycleAsync(CancellationToken cancellationToken = default) =>
        RunAsync((connection, token) => ReadOneAsync(Command(connection, null, $"SELECT {StoreRecords.CycleColumns} FROM cycle_runs ORDER BY cycle_number DESC LIMIT 1;"), ReadCycleRow, token), cancellationToken);

    /// <inheritdoc/>
    public Task<CycleRun?> GetCycleAsync(long cycleNumber, CancellationToken cancellationToken = default) =>
        RunAsync((connection, token) => ReadOneAsync(Command(connection, null, $"SELECT {StoreRecords.CycleColumns} FROM cycle_runs WHERE cycle_number = $1;", cycleNumber), ReadCycleRow, token), cancellationToken);

    private static CycleRun ReadCycleRow(NpgsqlDataReader reader) => StoreRecords.Cycle(new PgRow(reader));

    // The sequence's last value: every cycle number ever given, whatever was purged since.
    private static async Task<long> CycleCountAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken) =>
        Convert.ToInt64(await ScalarAsync(connection, transaction, "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM cycle_numbers;", cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
}
