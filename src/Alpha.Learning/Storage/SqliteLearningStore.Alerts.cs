using Alpha.Learning.Alerts;
using Alpha.Learning.Alerts.Internal;
using Alpha.Learning.Storage.Internal;

using Microsoft.Data.Sqlite;

namespace Alpha.Learning.Storage;

/// <summary>The alert states (<c>alerts</c> table, schema version 3).</summary>
public sealed partial class SqliteLearningStore : IAlertStateStore
{
    /// <inheritdoc/>
    public Task<IReadOnlyList<AlertState>> GetAlertStatesAsync(bool includeResolved, int limit = 1000, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return RunAsync<IReadOnlyList<AlertState>>(
            (connection, token) =>
            {
                using var command = Command(connection, null, """
                    SELECT fingerprint, pattern_type, subject, key, status, severity, effect, description, first_raised_at,
                           last_sent_at, last_seen_at, resolved_at, last_notification, times_sent
                    FROM alerts WHERE ($all = 1 OR status = 'firing')
                    ORDER BY CASE status WHEN 'firing' THEN 0 ELSE 1 END, last_sent_at DESC, fingerprint LIMIT $limit;
                    """);
                command.Parameters.AddWithValue("$all", includeResolved ? 1 : 0);
                command.Parameters.AddWithValue("$limit", limit);
                var states = new List<AlertState>();
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    token.ThrowIfCancellationRequested();
                    states.Add(new AlertState
                    {
                        Fingerprint = reader.GetString(0),
                        PatternType = EnumNames.ParsePatternType(reader.GetString(1)),
                        Subject = reader.GetString(2),
                        Key = reader.GetString(3),
                        Status = reader.GetString(4) == "resolved" ? AlertStatus.Resolved : AlertStatus.Firing,
                        Severity = EnumNames.ParsePriority(reader.GetString(5)),
                        Effect = reader.GetDouble(6),
                        Description = reader.GetString(7),
                        FirstRaisedAt = SqlText.ParseTime(reader.GetString(8)),
                        LastSentAt = SqlText.ParseTime(reader.GetString(9)),
                        LastSeenAt = SqlText.ParseTime(reader.GetString(10)),
                        ResolvedAt = reader.IsDBNull(11) ? null : SqlText.ParseTime(reader.GetString(11)),
                        LastNotification = AlertJson.ParseNotification(reader.GetString(12)),
                        TimesSent = reader.GetInt32(13),
                    });
                }

                return states;
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<int> SaveAlertStatesAsync(IEnumerable<AlertState> states, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(states);
        var list = states.ToList();
        return RunAsync(
            (connection, token) =>
            {
                using var transaction = connection.BeginTransaction(deferred: false);
                using var command = Command(connection, transaction, """
                    INSERT OR REPLACE INTO alerts (fingerprint, pattern_type, subject, key, status, severity, effect, description,
                        first_raised_at, last_sent_at, last_seen_at, resolved_at, last_notification, times_sent)
                    VALUES ($fingerprint, $type, $subject, $key, $status, $severity, $effect, $description,
                        $first, $sent, $seen, $resolved, $notification, $times);
                    """);
                var fingerprint = command.Parameters.Add("$fingerprint", SqliteType.Text);
                var type = command.Parameters.Add("$type", SqliteType.Text);
                var subject = command.Parameters.Add("$subject", SqliteType.Text);
                var key = command.Parameters.Add("$key", SqliteType.Text);
                var status = command.Parameters.Add("$status", SqliteType.Text);
                var severity = command.Parameters.Add("$severity", SqliteType.Text);
                var effect = command.Parameters.Add("$effect", SqliteType.Real);
                var description = command.Parameters.Add("$description", SqliteType.Text);
                var first = command.Parameters.Add("$first", SqliteType.Text);
                var sent = command.Parameters.Add("$sent", SqliteType.Text);
                var seen = command.Parameters.Add("$seen", SqliteType.Text);
                var resolved = command.Parameters.Add("$resolved", SqliteType.Text);
                var notification = command.Parameters.Add("$notification", SqliteType.Text);
                var times = command.Parameters.Add("$times", SqliteType.Integer);
                foreach (var state in list)
                {
                    token.ThrowIfCancellationRequested();
                    fingerprint.Value = state.Fingerprint;
                    type.Value = EnumNames.ToName(state.PatternType);
                    subject.Value = state.Subject;
                    key.Value = state.Key;
                    status.Value = state.Status == AlertStatus.Resolved ? "resolved" : "firing";
                    severity.Value = EnumNames.ToName(state.Severity);
                    effect.Value = double.IsFinite(state.Effect) ? state.Effect : 0;
                    description.Value = state.Description;
                    first.Value = SqlText.Time(state.FirstRaisedAt);
                    sent.Value = SqlText.Time(state.LastSentAt);
                    seen.Value = SqlText.Time(state.LastSeenAt);
                    resolved.Value = SqlText.TimeOrNull(state.ResolvedAt);
                    notification.Value = AlertJson.Name(state.LastNotification);
                    times.Value = state.TimesSent;
                    command.ExecuteNonQuery();
                }

                transaction.Commit();
                return list.Count;
            },
            cancellationToken);
    }
}
