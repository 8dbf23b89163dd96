using Alpha.Learning.Loop;
using Alpha.Learning.Storage.Internal;

namespace Alpha.Learning.Storage;

/// <summary>The cycle lease: taken, renewed, released, taken over from a holder known to be gone.</summary>
public sealed partial class SqliteLearningStore
{
    /// <inheritdoc/>
    public Task<bool> TryAcquireLeaseAsync(string name, string owner, DateTimeOffset now, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        StoreChecks.Lease(name, owner, ttl);
        return RunAsync(
            (connection, _) =>
            {
                // One statement that writes: atomic under the write lock. It takes a free or expired lease, or renews
                // the caller's own; a lease held by someone else is left as it is (no row changed).
                using var command = Command(connection, null, """
                    INSERT INTO leases (name, owner, acquired_at, expires_at) VALUES ($name, $owner, $now, $expires_at)
                    ON CONFLICT (name) DO UPDATE SET
                        acquired_at = CASE WHEN leases.owner = excluded.owner AND leases.expires_at > excluded.acquired_at
                                           THEN leases.acquired_at ELSE excluded.acquired_at END,
                        owner       = excluded.owner,
                        expires_at  = excluded.expires_at
                    WHERE leases.owner = excluded.owner OR leases.expires_at <= excluded.acquired_at;
                    """);
                command.Parameters.AddWithValue("$name", name);
                command.Parameters.AddWithValue("$owner", owner);
                command.Parameters.AddWithValue("$now", SqlText.Time(now));
                command.Parameters.AddWithValue("$expires_at", SqlText.Time(now + ttl));
                return command.ExecuteNonQuery() == 1;
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<bool> RenewLeaseAsync(string name, string owner, DateTimeOffset now, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        StoreChecks.Lease(name, owner, ttl);
        return RunAsync(
            (connection, _) =>
            {
                using var command = Command(connection, null, "UPDATE leases SET expires_at = $expires_at WHERE name = $name AND owner = $owner AND expires_at > $now;");
                command.Parameters.AddWithValue("$name", name);
                command.Parameters.AddWithValue("$owner", owner);
                command.Parameters.AddWithValue("$now", SqlText.Time(now));
                command.Parameters.AddWithValue("$expires_at", SqlText.Time(now + ttl));
                return command.ExecuteNonQuery() == 1;
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<bool> ReleaseLeaseAsync(string name, string owner, CancellationToken cancellationToken = default)
    {
        StoreChecks.Lease(name, owner);
        return RunAsync(
            (connection, _) =>
            {
                using var command = Command(connection, null, "DELETE FROM leases WHERE name = $name AND owner = $owner;");
                command.Parameters.AddWithValue("$name", name);
                command.Parameters.AddWithValue("$owner", owner);
                return command.ExecuteNonQuery() == 1;
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<LearningStoreLease?> GetLeaseAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return RunAsync(
            (connection, _) =>
            {
                using var command = Command(connection, null, $"SELECT {StoreRecords.LeaseColumns} FROM leases WHERE name = $name;");
                command.Parameters.AddWithValue("$name", name);
                return ReadOne(command, static r => StoreRecords.Lease(new SqliteRow(r)));
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<bool> TakeOverLeaseAsync(string name, string expectedOwner, string owner, DateTimeOffset now, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(expectedOwner);
        StoreChecks.Lease(name, owner, ttl);
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
}
