using System.Globalization;
using System.Text;

using Alpha.Learning.Analysis;
using Alpha.Learning.Loop;
using Alpha.Learning.Storage.Internal;

using Microsoft.Data.Sqlite;

namespace Alpha.Learning.Storage;

public sealed partial class SqliteLearningStore
{
    private const string InsertMetricSql =
        "INSERT INTO success_metrics (metric_name, metric_value, timestamp, subject, metadata) VALUES (?1, ?2, ?3, ?4, ?5);";

    private const string UpsertCorrelationSql = """
        INSERT INTO correlations (correlation_type, source, target, score, sample_size, details, created_at)
        VALUES ($type, $source, $target, $score, $sample_size, $details, $created_at)
        ON CONFLICT (correlation_type, source, target) DO UPDATE SET
            score = excluded.score, sample_size = excluded.sample_size, details = excluded.details, created_at = excluded.created_at;
        """;

    private const string ImprovementsByStatusSql = "SELECT status, count(*) FROM improvements_applied GROUP BY status;";

    private const string CycleColumns = "cycle_number, started_at, finished_at, status, reason, report, owner";

    /// <inheritdoc/>
    public Task StoreMetricAsync(SuccessMetric metric, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metric);
        return StoreMetricsAsync([metric], cancellationToken);
    }

    /// <inheritdoc/>
    public Task<int> StoreMetricsAsync(IEnumerable<SuccessMetric> metrics, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return RunAsync(
            (connection, token) =>
            {
                using var transaction = connection.BeginTransaction(deferred: false);
                using var insert = new RawStatement(connection, InsertMetricSql);
                var count = 0;
                foreach (var metric in metrics)
                {
                    ArgumentNullException.ThrowIfNull(metric, nameof(metrics));
                    ArgumentNullException.ThrowIfNull(metric.Name, nameof(metrics));
                    RequireFinite(metric.Value, "The value of a metric", nameof(metrics));
                    if ((++count & 1023) == 0)
                    {
                        token.ThrowIfCancellationRequested();
                    }

                    insert.BindText(1, metric.Name);
                    insert.BindDouble(2, metric.Value);
                    insert.BindTime(3, metric.Timestamp);
                    insert.BindText(4, metric.Subject);
                    if (metric.Tags is { Count: > 0 } tags)
                    {
                        insert.BindUtf8(5, SqlText.StringMapUtf8(tags));
                    }
                    else
                    {
                        insert.BindNull(5);
                    }

                    insert.Execute();
                }

                transaction.Commit();
                return count;
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<SuccessMetric>> GetMetricsAsync(string? name = null, string? subject = null, DateTimeOffset? since = null, DateTimeOffset? until = null, int limit = 10_000, CancellationToken cancellationToken = default)
    {
        CheckLimit(limit);
        return RunAsync<IReadOnlyList<SuccessMetric>>(
            (connection, _) =>
            {
                var sql = new StringBuilder("SELECT metric_name, metric_value, timestamp, subject, metadata FROM success_metrics");
                var where = " WHERE ";
                using var command = connection.CreateCommand();
                void Filter(string clause, string parameter, object value)
                {
                    sql.Append(where).Append(clause);
                    where = " AND ";
                    command.Parameters.AddWithValue(parameter, value);
                }

                if (name is not null)
                {
                    Filter("metric_name = $name", "$name", name);
                }

                if (subject is not null)
                {
                    Filter("subject = $subject", "$subject", subject);
                }

                if (since is { } from)
                {
                    Filter("timestamp >= $since", "$since", SqlText.Time(from));
                }

                if (until is { } to)
                {
                    Filter("timestamp < $until", "$until", SqlText.Time(to));
                }

                command.CommandText = sql.Append(" ORDER BY timestamp, id LIMIT $limit;").ToString();
                command.Parameters.AddWithValue("$limit", limit);
                return ReadAll(command, static r => new SuccessMetric
                {
                    Name = r.GetString(0),
                    Value = r.GetDouble(1),
                    Timestamp = SqlText.ParseTime(r.GetString(2)),
                    Subject = StringOrNull(r, 3),
                    Tags = SqlText.ParseStringMap(StringOrNull(r, 4)),
                });
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task StoreCorrelationAsync(Correlation correlation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(correlation);
        return StoreCorrelationsAsync([correlation], cancellationToken);
    }

    /// <inheritdoc/>
    public Task<int> StoreCorrelationsAsync(IEnumerable<Correlation> correlations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(correlations);
        return RunAsync(
            (connection, token) =>
            {
                using var transaction = connection.BeginTransaction(deferred: false);
                using var command = Command(connection, transaction, UpsertCorrelationSql);
                var type = Add(command, "$type", SqliteType.Text);
                var source = Add(command, "$source", SqliteType.Text);
                var target = Add(command, "$target", SqliteType.Text);
                var score = Add(command, "$score", SqliteType.Real);
                var sampleSize = Add(command, "$sample_size", SqliteType.Integer);
                var details = Add(command, "$details", SqliteType.Text);
                var createdAt = Add(command, "$created_at", SqliteType.Text);
                var count = 0;
                foreach (var correlation in correlations)
                {
                    ArgumentNullException.ThrowIfNull(correlation, nameof(correlations));
                    ArgumentNullException.ThrowIfNull(correlation.Type, nameof(correlations));
                    ArgumentNullException.ThrowIfNull(correlation.Source, nameof(correlations));
                    ArgumentNullException.ThrowIfNull(correlation.Target, nameof(correlations));
                    RequireFinite(correlation.Score, "The score of a correlation", nameof(correlations));
                    token.ThrowIfCancellationRequested();
                    type.Value = correlation.Type;
                    source.Value = correlation.Source;
                    target.Value = correlation.Target;
                    score.Value = correlation.Score;
                    sampleSize.Value = correlation.SampleSize;
                    details.Value = SqlText.OrNull(correlation.Details);
                    createdAt.Value = SqlText.Time(correlation.CreatedAt);
                    command.ExecuteNonQuery();
                    count++;
                }

                transaction.Commit();
                return count;
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<Correlation>> GetCorrelationsAsync(string? type = null, double? minScore = null, CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<Correlation>>(
            (connection, _) =>
            {
                var sql = new StringBuilder("SELECT correlation_type, source, target, score, sample_size, details, created_at FROM correlations");
                using var command = connection.CreateCommand();
                var where = " WHERE ";
                if (type is not null)
                {
                    sql.Append(where).Append("correlation_type = $type");
                    where = " AND ";
                    command.Parameters.AddWithValue("$type", type);
                }

                if (minScore is { } min)
                {
                    sql.Append(where).Append("score >= $min_score");
                    command.Parameters.AddWithValue("$min_score", min);
                }

                command.CommandText = sql.Append(" ORDER BY score DESC, id;").ToString();
                return ReadAll(command, static r => new Correlation
                {
                    Type = r.GetString(0),
                    Source = r.GetString(1),
                    Target = r.GetString(2),
                    Score = r.GetDouble(3),
                    SampleSize = r.GetInt64(4),
                    Details = StringOrNull(r, 5),
                    CreatedAt = SqlText.ParseTime(r.GetString(6)),
                });
            },
            cancellationToken);

    /// <inheritdoc/>
    public Task<LearningStoreStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default) =>
        RunAsync(
            (connection, _) =>
            {
                // One read transaction: every figure comes from the same snapshot.
                using var transaction = connection.BeginTransaction(deferred: true);
                var patterns = GroupCount(connection, transaction, "SELECT pattern_type, count(*) FROM patterns_detected GROUP BY pattern_type;", EnumNames.ParsePatternType);
                var byStatus = GroupCount(connection, transaction, ImprovementsByStatusSql, EnumNames.ParseImprovementStatus);
                var byAction = GroupCount(connection, transaction, "SELECT action_type, count(*) FROM improvements_applied GROUP BY action_type;", EnumNames.ParseActionType);
                var byVerdict = GroupCount(connection, transaction, "SELECT verdict, count(*) FROM improvements_applied GROUP BY verdict;", EnumNames.ParseVerificationVerdict);
                var metrics = GroupCount(connection, transaction, "SELECT metric_name, count(*) FROM success_metrics GROUP BY metric_name;", static s => s);
                var correlations = GroupCount(connection, transaction, "SELECT correlation_type, count(*) FROM correlations GROUP BY correlation_type;", static s => s);
                return new LearningStoreStatistics
                {
                    TotalPatterns = patterns.Values.Sum(),
                    PatternsByType = patterns,
                    AverageImpactScore = Convert.ToDouble(Scalar(connection, transaction, "SELECT coalesce(avg(impact_score), 0.0) FROM patterns_detected;"), CultureInfo.InvariantCulture),
                    TotalImprovements = byStatus.Values.Sum(),
                    ImprovementsByStatus = byStatus,
                    ImprovementsByActionType = byAction,
                    ImprovementsByVerdict = byVerdict,
                    TotalMetrics = metrics.Values.Sum(),
                    MetricsByName = metrics,
                    TotalCorrelations = correlations.Values.Sum(),
                    CorrelationsByType = correlations,
                    CycleCount = CycleCount(connection, transaction),
                    TotalPathChanges = Convert.ToInt64(Scalar(connection, transaction, "SELECT count(*) FROM path_changes;"), CultureInfo.InvariantCulture),
                };
            },
            cancellationToken);

    /// <inheritdoc/>
    public Task<CycleRun> StartCycleAsync(DateTimeOffset at, string? owner = null, CancellationToken cancellationToken = default) =>
        RunAsync(
            (connection, _) =>
            {
                // AUTOINCREMENT under the write lock: every cycle number is given once, across processes.
                using var command = Command(connection, null, $"INSERT INTO cycle_runs (started_at, status, owner) VALUES ($at, 'running', $owner) RETURNING {CycleColumns};");
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
        if (status == CycleRunStatus.Running)
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "A cycle finishes with a final status, not running.");
        }

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
    public Task<CycleRun?> GetLastCycleAsync(CancellationToken cancellationToken = default) =>
        RunAsync((connection, _) => ReadCycle(connection, $"SELECT {CycleColumns} FROM cycle_runs ORDER BY cycle_number DESC LIMIT 1;", null), cancellationToken);

    /// <inheritdoc/>
    public Task<CycleRun?> GetCycleAsync(long cycleNumber, CancellationToken cancellationToken = default) =>
        RunAsync((connection, _) => ReadCycle(connection, $"SELECT {CycleColumns} FROM cycle_runs WHERE cycle_number = $cycle_number;", cycleNumber), cancellationToken);

    /// <inheritdoc/>
    public Task<bool> TryAcquireLeaseAsync(string name, string owner, DateTimeOffset now, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
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
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
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
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(owner);
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
                using var command = Command(connection, null, "SELECT name, owner, acquired_at, expires_at FROM leases WHERE name = $name;");
                command.Parameters.AddWithValue("$name", name);
                using var reader = command.ExecuteReader();
                return reader.Read()
                    ? new LearningStoreLease
                    {
                        Name = reader.GetString(0),
                        Owner = reader.GetString(1),
                        AcquiredAt = SqlText.ParseTime(reader.GetString(2)),
                        ExpiresAt = SqlText.ParseTime(reader.GetString(3)),
                    }
                    : null;
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task StoreBaselineAsync(VerificationBaseline baseline, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(baseline.ImprovementId, nameof(baseline));
        ArgumentNullException.ThrowIfNull(baseline.Data, nameof(baseline));
        return RunAsync(
            (connection, _) =>
            {
                using var command = Command(connection, null, """
                    INSERT INTO verification_baselines (improvement_id, metric, sample_size, data, captured_at)
                    VALUES ($improvement_id, $metric, $sample_size, $data, $captured_at)
                    ON CONFLICT (improvement_id, metric) DO UPDATE SET
                        sample_size = excluded.sample_size, data = excluded.data, captured_at = excluded.captured_at;
                    """);
                command.Parameters.AddWithValue("$improvement_id", baseline.ImprovementId);
                command.Parameters.AddWithValue("$metric", EnumNames.ToName(baseline.Metric));
                command.Parameters.AddWithValue("$sample_size", baseline.SampleSize);
                command.Parameters.AddWithValue("$data", baseline.Data);
                command.Parameters.AddWithValue("$captured_at", SqlText.Time(baseline.CapturedAt));
                command.ExecuteNonQuery();
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<VerificationBaseline?> GetBaselineAsync(string improvementId, TargetMetric metric, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(improvementId);
        return RunAsync(
            (connection, _) =>
            {
                using var command = Command(connection, null, """
                    SELECT improvement_id, metric, sample_size, data, captured_at FROM verification_baselines
                    WHERE improvement_id = $improvement_id AND metric = $metric;
                    """);
                command.Parameters.AddWithValue("$improvement_id", improvementId);
                command.Parameters.AddWithValue("$metric", EnumNames.ToName(metric));
                using var reader = command.ExecuteReader();
                return reader.Read()
                    ? new VerificationBaseline
                    {
                        ImprovementId = reader.GetString(0),
                        Metric = EnumNames.ParseTargetMetric(reader.GetString(1)),
                        SampleSize = reader.GetInt64(2),
                        Data = reader.GetString(3),
                        CapturedAt = SqlText.ParseTime(reader.GetString(4)),
                    }
                    : null;
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task StoreVerificationAsync(VerificationResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(result.ImprovementId, nameof(result));
        RequireFinite(result.PValue ?? 0, "The p-value of a verification", nameof(result));
        RequireFinite(result.Effect ?? 0, "The effect of a verification", nameof(result));
        return RunAsync(
            (connection, _) =>
            {
                using var transaction = connection.BeginTransaction(deferred: false);
                using (var insert = Command(connection, transaction, """
                    INSERT INTO verification_verdicts (improvement_id, metric, verdict, p_value, effect, baseline_size, after_size, details, at)
                    VALUES ($improvement_id, $metric, $verdict, $p_value, $effect, $baseline_size, $after_size, $details, $at);
                    """))
                {
                    insert.Parameters.AddWithValue("$improvement_id", result.ImprovementId);
                    insert.Parameters.AddWithValue("$metric", EnumNames.ToName(result.Metric));
                    insert.Parameters.AddWithValue("$verdict", EnumNames.ToName(result.Verdict));
                    insert.Parameters.AddWithValue("$p_value", SqlText.OrNull(result.PValue));
                    insert.Parameters.AddWithValue("$effect", SqlText.OrNull(result.Effect));
                    insert.Parameters.AddWithValue("$baseline_size", result.BaselineSize);
                    insert.Parameters.AddWithValue("$after_size", result.AfterSize);
                    insert.Parameters.AddWithValue("$details", SqlText.OrNull(result.Details));
                    insert.Parameters.AddWithValue("$at", SqlText.Time(result.At));
                    insert.ExecuteNonQuery();
                }

                using (var update = Command(connection, transaction, "UPDATE improvements_applied SET verdict = $verdict WHERE id = $improvement_id;"))
                {
                    update.Parameters.AddWithValue("$verdict", EnumNames.ToName(result.Verdict));
                    update.Parameters.AddWithValue("$improvement_id", result.ImprovementId);
                    update.ExecuteNonQuery();
                }

                transaction.Commit();
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<VerificationResult>> GetVerificationsAsync(string improvementId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(improvementId);
        return RunAsync<IReadOnlyList<VerificationResult>>(
            (connection, _) =>
            {
                using var command = Command(connection, null, """
                    SELECT improvement_id, metric, verdict, p_value, effect, baseline_size, after_size, details, at
                    FROM verification_verdicts WHERE improvement_id = $improvement_id ORDER BY at, id;
                    """);
                command.Parameters.AddWithValue("$improvement_id", improvementId);
                return ReadAll(command, static r => new VerificationResult
                {
                    ImprovementId = r.GetString(0),
                    Metric = EnumNames.ParseTargetMetric(r.GetString(1)),
                    Verdict = EnumNames.ParseVerificationVerdict(r.GetString(2)),
                    PValue = r.IsDBNull(3) ? null : r.GetDouble(3),
                    Effect = r.IsDBNull(4) ? null : r.GetDouble(4),
                    BaselineSize = r.GetInt64(5),
                    AfterSize = r.GetInt64(6),
                    Details = StringOrNull(r, 7),
                    At = SqlText.ParseTime(r.GetString(8)),
                });
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<string?> GetStateAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return RunAsync(
            (connection, _) =>
            {
                using var command = Command(connection, null, "SELECT value FROM loop_state WHERE key = $key;");
                command.Parameters.AddWithValue("$key", key);
                return command.ExecuteScalar() as string;
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task SetStateAsync(string key, string? value, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return RunAsync(
            (connection, _) =>
            {
                using var command = Command(connection, null, value is null
                    ? "DELETE FROM loop_state WHERE key = $key;"
                    : """
                      INSERT INTO loop_state (key, value, updated_at) VALUES ($key, $value, $at)
                      ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at;
                      """);
                command.Parameters.AddWithValue("$key", key);
                if (value is not null)
                {
                    command.Parameters.AddWithValue("$value", value);
                    command.Parameters.AddWithValue("$at", SqlText.Time(at));
                }

                command.ExecuteNonQuery();
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<PurgeResult> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken = default) =>
        RunAsync(
            (connection, _) =>
            {
                using var transaction = connection.BeginTransaction(deferred: false);
                var cutoff = SqlText.Time(olderThan);
                long Delete(string sql)
                {
                    using var command = Command(connection, transaction, sql);
                    command.Parameters.AddWithValue("$cutoff", cutoff);
                    return command.ExecuteNonQuery();
                }

                // Only improvements in a final state go; anything applied or in progress keeps its whole history.
                var improvements = Delete("""
                    DELETE FROM improvements_applied
                    WHERE status IN ('failed', 'dry_run', 'rolled_back', 'rejected', 'expired')
                      AND coalesce(status_changed_at, created_at) < $cutoff;
                    """);
                var pathChanges = Delete("""
                    DELETE FROM path_changes WHERE at < $cutoff AND improvement_id NOT IN (
                        SELECT id FROM improvements_applied WHERE status IN ('pending', 'validating', 'applying', 'applied', 'pending_approval'));
                    """);
                var verifications =
                    Delete("DELETE FROM verification_baselines WHERE captured_at < $cutoff AND improvement_id NOT IN (SELECT id FROM improvements_applied);")
                    + Delete("DELETE FROM verification_verdicts WHERE at < $cutoff AND improvement_id NOT IN (SELECT id FROM improvements_applied);");
                var result = new PurgeResult
                {
                    Improvements = improvements,
                    PathChanges = pathChanges,
                    Verifications = verifications,
                    Patterns = Delete("DELETE FROM patterns_detected WHERE last_seen < $cutoff;"),
                    PatternHistory = Delete("DELETE FROM pattern_history WHERE recorded_at < $cutoff;"),
                    Metrics = Delete("DELETE FROM success_metrics WHERE timestamp < $cutoff;"),
                    Correlations = Delete("DELETE FROM correlations WHERE created_at < $cutoff;"),
                    CycleRuns = Delete("DELETE FROM cycle_runs WHERE status <> 'running' AND coalesce(finished_at, started_at) < $cutoff;"),
                };
                transaction.Commit();
                return result;
            },
            cancellationToken);

    private static Dictionary<TKey, long> GroupCount<TKey>(SqliteConnection connection, SqliteTransaction? transaction, string sql, Func<string, TKey> parse)
        where TKey : notnull
    {
        var result = new Dictionary<TKey, long>();
        using var command = Command(connection, transaction, sql);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result[parse(reader.GetString(0))] = reader.GetInt64(1);
        }

        return result;
    }

    private static object? Scalar(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = Command(connection, transaction, sql);
        return command.ExecuteScalar();
    }

    private static long CycleCount(SqliteConnection connection, SqliteTransaction? transaction) =>
        Convert.ToInt64(Scalar(connection, transaction, "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'cycle_runs'), 0);"), CultureInfo.InvariantCulture);

    private static CycleRun? ReadCycle(SqliteConnection connection, string sql, long? cycleNumber)
    {
        using var command = Command(connection, null, sql);
        if (cycleNumber is { } number)
        {
            command.Parameters.AddWithValue("$cycle_number", number);
        }

        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadCycleRow(reader) : null;
    }

    private static CycleRun ReadCycleRow(SqliteDataReader r) => new()
    {
        CycleNumber = r.GetInt64(0),
        StartedAt = SqlText.ParseTime(r.GetString(1)),
        FinishedAt = TimeOrNull(r, 2),
        Status = EnumNames.ParseCycleRunStatus(r.GetString(3)),
        Reason = StringOrNull(r, 4),
        Report = StringOrNull(r, 5),
        Owner = StringOrNull(r, 6),
    };
}
