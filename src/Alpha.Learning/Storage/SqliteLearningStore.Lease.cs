using Alpha.Learning.Loop;
using Alpha.Learning.Storage.Internal;

namespace Alpha.Learning.Storage;

/// <summary>Taking over the lease of a holder known to be gone, and the cycles left running.</summary>
public sealed partial class SqliteLearningStore
{
    /// <inheritdoc/>
    public Task<bool> TakeOverLeaseAsync(string name, string expectedOwner, string owner, DateTimeOffset now, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(expectedOwner);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        return RunAsync(
            (connection, _) =>
            {
                // One statement that writes: a compare-and-set on the holder under the write lock.
                using var command = Command(connection, null, "UPDATE leases SET owner = $owner, acquired_at = $now, expires_at = $expires_at WHERE name = $name AND owner = $expected;");
                command.Parameters.AddWithValue("$name", name);
                command.Parameters.AddWithValue("$expected", expectedOwner);
                command.Parameters.AddWithValue("$owner", owner);
                command.Parameters.AddWithValue("$now", SqlText.Time(now));
                command.Parameters.AddWithValue("$expires_at", SqlText.Time(now + ttl));
                return command.ExecuteNonQuery() == 1;
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<CycleRun>> GetRunningCyclesAsync(CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<CycleRun>>(
            (connection, _) =>
            {
                using var command = Command(connection, null, $"SELECT {CycleColumns} FROM cycle_runs WHERE status = 'running' ORDER BY cycle_number;");
                return ReadAll(command, ReadCycleRow);
            },
            cancellationToken);
}
