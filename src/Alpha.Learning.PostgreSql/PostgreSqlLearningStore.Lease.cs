using Alpha.Learning.Alerts;
using Alpha.Learning.Alerts.Internal;
using Alpha.Learning.Loop;
using Alpha.Learning.Storage.Internal;

namespace Alpha.Learning.Storage;

/// <summary>The cycle lease and the alert states.</summary>
public sealed partial class PostgreSqlLearningStore : IAlertStateStore
{
    /// <inheritdoc/>
    public Task<bool> TryAcquireLeaseAsync(string name, string owner, DateTimeOffset now, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        StoreChecks.Lease(name, owner, ttl);

        // One statement: PostgreSQL serialises the conflicting inserts on the primary key and re-checks the WHERE on the
        // newest row, so of two instances asking at once exactly one gets a free or expired lease.
        return RunAsync(
            async (connection, token) => await ExecuteAsync(connection, null, """
                INSERT INTO leases AS l (name, owner, acquired_at, expires_at) VALUES ($1, $2, $3, $4)
                ON CONFLICT (name) DO UPDATE SET
                    acquired_at = CASE WHEN l.owner = excluded.owner AND l.expires_at > excluded.acquired_at
                                       THEN l.acquired_at ELSE excluded.acquired_at END,
                    owner       = excluded.owner,
                    expires_at  = excluded.expires_at
                WHERE l.owner = excluded.owner OR l.expires_at <= excluded.acquired_at;
                """, token, name, owner, now, now + ttl).ConfigureAwait(false) == 1,
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<bool> TakeOverLeaseAsync(string name, string expectedOwner, string owner, DateTimeOffset now, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        StoreChecks.Lease(name, owner, ttl);
        ArgumentException.ThrowIfNullOrEmpty(expectedOwner);
        return RunAsync(
            async (connection, token) => await ExecuteAsync(
                connection,
                null,
                "UPDATE leases SET owner = $3, acquired_at = $4, expires_at = $5 WHERE name = $1 AND owner = $2;",
                token,
                name,
                expectedOwner,
                owner,
                now,
                now + ttl).ConfigureAwait(false) == 1,
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<bool> RenewLeaseAsync(string name, string owner, DateTimeOffset now, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        StoreChecks.Lease(name, owner, ttl);
        return RunAsync(
            async (connection, token) => await ExecuteAsync(connection, null, "UPDATE leases SET expires_at = $4 WHERE name = $1 AND owner = $2 AND expires_at > $3;", token, name, owner, now, now + ttl).ConfigureAwait(false) == 1,
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<bool> ReleaseLeaseAsync(string name, string owner, CancellationToken cancellationToken = default)
    {
        StoreChecks.Lease(name, owner);
        return RunAsync(
            async (connection, token) => await ExecuteAsync(connection, null, "DELETE FROM leases WHERE name = $1 AND owner = $2;", token, name, owner).ConfigureAwait(false) == 1,
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<LearningStoreLease?> GetLeaseAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return RunAsync(
            (connection, token) => ReadOneAsync(
                Command(connection, null, $"SELECT {StoreRecords.LeaseColumns} FROM leases WHERE name = $1;", name),
                static r => StoreRecords.Lease(new PgRow(r)),
                token),
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<CycleRun>> GetRunningCyclesAsync(CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<CycleRun>>(
            async (connection, token) => await ReadAllAsync(Command(connection, null, $"SELECT {StoreRecords.CycleColumns} FROM cycle_runs WHERE status = 'running' ORDER BY cycle_number;"), ReadCycleRow, token).ConfigureAwait(false),
            cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<AlertState>> GetAlertStatesAsync(bool includeResolved, int limit = 1000, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return RunAsync<IReadOnlyList<AlertState>>(
            async (connection, token) => await ReadAllAsync(
                Command(connection, null, """
                    SELECT fingerprint, pattern_type, subject, key, status, severity, effect, description, first_raised_at,
                           last_sent_at, last_seen_at, resolved_at, last_notification, times_sent
                    FROM alerts WHERE ($1 OR status = 'firing')
                    ORDER BY CASE status WHEN 'firing' THEN 0 ELSE 1 END, last_sent_at DESC, fingerprint LIMIT $2;
                    """, includeResolved, limit),
                static r => new AlertState
                {
                    Fingerprint = Str(r, 0),
                    PatternType = EnumNames.ParsePatternType(Str(r, 1)),
                    Subject = Str(r, 2),
                    Key = Str(r, 3),
                    Status = Str(r, 4) == "resolved" ? AlertStatus.Resolved : AlertStatus.Firing,
                    Severity = EnumNames.ParsePriority(Str(r, 5)),
                    Effect = r.GetDouble(6),
                    Description = Str(r, 7),
                    FirstRaisedAt = Time(r, 8),
                    LastSentAt = Time(r, 9),
                    LastSeenAt = Time(r, 10),
                    ResolvedAt = TimeOrNull(r, 11),
                    LastNotification = AlertJson.ParseNotification(Str(r, 12)),
                    TimesSent = r.GetInt32(13),
                },
                token).ConfigureAwait(false),
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<int> SaveAlertStatesAsync(IEnumerable<AlertState> states, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(states);
        var list = states.ToList();
        return RunAsync(
            (connection, token) => InTransactionAsync(
                connection,
                System.Data.IsolationLevel.ReadCommitted,
                async transaction =>
                {
                    foreach (var s in list)
                    {
                        await ExecuteAsync(connection, transaction, """
                            INSERT INTO alerts (fingerprint, pattern_type, subject, key, status, severity, effect, description,
                                first_raised_at, last_sent_at, last_seen_at, resolved_at, last_notification, times_sent)
                            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
                            ON CONFLICT (fingerprint) DO UPDATE SET
                                pattern_type = excluded.pattern_type, subject = excluded.subject, key = excluded.key, status = excluded.status,
                                severity = excluded.severity, effect = excluded.effect, description = excluded.description,
                                first_raised_at = excluded.first_raised_at, last_sent_at = excluded.last_sent_at, last_seen_at = excluded.last_seen_at,
                                resolved_at = excluded.resolved_at, last_notification = excluded.last_notification, times_sent = excluded.times_sent;
                            """,
                            token,
                            s.Fingerprint,
                            EnumNames.ToName(s.PatternType),
                            s.Subject,
                            s.Key,
                            s.Status == AlertStatus.Resolved ? "resolved" : "firing",
                            EnumNames.ToName(s.Severity),
                            double.IsFinite(s.Effect) ? s.Effect : 0,
                            s.Description,
                            s.FirstRaisedAt,
                            s.LastSentAt,
                            s.LastSeenAt,
                            s.ResolvedAt,
                            AlertJson.Name(s.LastNotification),
                            s.TimesSent).ConfigureAwait(false);
                    }

                    return list.Count;
                },
                token),
            cancellationToken);
    }
}
