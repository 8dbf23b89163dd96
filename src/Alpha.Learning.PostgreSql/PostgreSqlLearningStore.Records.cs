using System.Data;
using System.Globalization;

using Alpha.Learning.Analysis;
using Alpha.Learning.Loop;
using Alpha.Learning.Storage.Internal;

using Npgsql;

using NpgsqlTypes;

namespace Alpha.Learning.Storage;

public sealed partial class PostgreSqlLearningStore
{
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
        var list = metrics as IReadOnlyCollection<SuccessMetric> ?? metrics.ToList();
        foreach (var metric in list)
        {
            ArgumentNullException.ThrowIfNull(metric, nameof(metrics));
            ArgumentNullException.ThrowIfNull(metric.Name, nameof(metrics));
            RequireFinite(metric.Value, "The value of a metric", nameof(metrics));
        }

        if (list.Count == 0)
        {
            return Task.FromResult(0);
        }

        // Binary COPY: one round trip for the whole batch, atomic (a COPY is one statement).
        return RunAsync(
            async (connection, token) =>
            {
                var writer = await connection.BeginBinaryImportAsync("COPY success_metrics (metric_name, metric_value, recorded_at, subject, metadata) FROM STDIN (FORMAT BINARY)", token).ConfigureAwait(false);
                await using (writer.ConfigureAwait(false))
                {
                    foreach (var metric in list)
                    {
                        await writer.StartRowAsync(token).ConfigureAwait(false);
                        await writer.WriteAsync(PgText.Encode(metric.Name), NpgsqlDbType.Text, token).ConfigureAwait(false);
                        await writer.WriteAsync(metric.Value, NpgsqlDbType.Double, token).ConfigureAwait(false);
                        await writer.WriteAsync(metric.Timestamp.ToUniversalTime(), NpgsqlDbType.TimestampTz, token).ConfigureAwait(false);
                        await WriteNullableTextAsync(writer, metric.Subject, token).ConfigureAwait(false);
                        await WriteNullableTextAsync(writer, metric.Tags is { Count: > 0 } tags ? SqlText.StringMap(tags) : null, token).ConfigureAwait(false);
                    }

                    await writer.CompleteAsync(token).ConfigureAwait(false);
                }

                return list.Count;
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<SuccessMetric>> GetMetricsAsync(string? name = null, string? subject = null, DateTimeOffset? since = null, DateTimeOffset? until = null, int limit = 10_000, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return RunAsync<IReadOnlyList<SuccessMetric>>(
            async (connection, token) => await ReadAllAsync(
                Command(
                    connection,
                    null,
                    """
                    SELECT metric_name, metric_value, recorded_at, subject, metadata FROM success_metrics
                    WHERE ($1::text IS NULL OR metric_name = $1) AND ($2::text IS NULL OR subject = $2)
                      AND ($3::timestamptz IS NULL OR recorded_at >= $3) AND ($4::timestamptz IS NULL OR recorded_at < $4)
                    ORDER BY recorded_at, id LIMIT $5;
                    """,
                    name,
                    subject,
                    since,
                    until,
                    limit),
                static r => new SuccessMetric
                {
                    Name = Str(r, 0),
                    Value = r.GetDouble(1),
                    Timestamp = Time(r, 2),
                    Subject = StringOrNull(r, 3),
                    Tags = SqlText.ParseStringMap(StringOrNull(r, 4)),
                },
                token).ConfigureAwait(false),
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
        var list = correlations.ToList();
        foreach (var correlation in list)
        {
            ArgumentNullException.ThrowIfNull(correlation, nameof(correlations));
            ArgumentNullException.ThrowIfNull(correlation.Type, nameof(correlations));
            ArgumentNullException.ThrowIfNull(correlation.Source, nameof(correlations));
            ArgumentNullException.ThrowIfNull(correlation.Target, nameof(correlations));
            RequireFinite(correlation.Score, "The score of a correlation", nameof(correlations));
        }

        return RunAsync(
            (connection, token) => InTransactionAsync(
                connection,
                IsolationLevel.ReadCommitted,
                async transaction =>
                {
                    foreach (var c in list)
                    {
                        await ExecuteAsync(connection, transaction, """
                            INSERT INTO correlations (correlation_type, source, target, score, sample_size, details, created_at)
                            VALUES ($1, $2, $3, $4, $5, $6, $7)
                            ON CONFLICT (correlation_type, source, target) DO UPDATE SET
                                score = excluded.score, sample_size = excluded.sample_size, details = excluded.details, created_at = excluded.created_at;
                            """, token, c.Type, c.Source, c.Target, c.Score, c.SampleSize, c.Details, c.CreatedAt).ConfigureAwait(false);
                    }

                    return list.Count;
                },
                token),
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<Correlation>> GetCorrelationsAsync(string? type = null, double? minScore = null, CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<Correlation>>(
            async (connection, token) => await ReadAllAsync(
                Command(connection, null, """
                    SELECT correlation_type, source, target, score, sample_size, details, created_at FROM correlations
                    WHERE ($1::text IS NULL OR correlation_type = $1) AND ($2::double precision IS NULL OR score >= $2)
                    ORDER BY score DESC, id;
                    """, type, minScore),
                static r => new Correlation
                {
                    Type = Str(r, 0),
                    Source = Str(r, 1),
                    Target = Str(r, 2),
                    Score = r.GetDouble(3),
                    SampleSize = r.GetInt64(4),
                    Details = StringOrNull(r, 5),
                    CreatedAt = Time(r, 6),
                },
                token).ConfigureAwait(false),
            cancellationToken);

    /// <inheritdoc/>
    public Task<LearningStoreStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default) =>
        RunAsync(
            (connection, token) => InTransactionAsync(
                connection,
                IsolationLevel.RepeatableRead,
                async transaction =>
                {
                    // One snapshot (repeatable read): every figure comes from the same moment.
                    var patterns = await GroupCountAsync(connection, transaction, "SELECT pattern_type, count(*) FROM patterns_detected GROUP BY pattern_type;", EnumNames.ParsePatternType, token).ConfigureAwait(false);
                    var byStatus = await GroupCountAsync(connection, transaction, "SELECT status, count(*) FROM improvements_applied GROUP BY status;", EnumNames.ParseImprovementStatus, token).ConfigureAwait(false);
                    var byAction = await GroupCountAsync(connection, transaction, "SELECT action_type, count(*) FROM improvements_applied GROUP BY action_type;", EnumNames.ParseActionType, token).ConfigureAwait(false);
                    var byVerdict = await GroupCountAsync(connection, transaction, "SELECT verdict, count(*) FROM improvements_applied GROUP BY verdict;", EnumNames.ParseVerificationVerdict, token).ConfigureAwait(false);
                    var metrics = await GroupCountAsync(connection, transaction, "SELECT metric_name, count(*) FROM success_metrics GROUP BY metric_name;", static s => s, token).ConfigureAwait(false);
                    var correlations = await GroupCountAsync(connection, transaction, "SELECT correlation_type, count(*) FROM correlations GROUP BY correlation_type;", static s => s, token).ConfigureAwait(false);
                    return new LearningStoreStatistics
                    {
                        TotalPatterns = patterns.Values.Sum(),
                        PatternsByType = patterns,
                        AverageImpactScore = Convert.ToDouble(await ScalarAsync(connection, transaction, "SELECT coalesce(avg(impact_score), 0.0) FROM patterns_detected;", token).ConfigureAwait(false), CultureInfo.InvariantCulture),
                        TotalImprovements = byStatus.Values.Sum(),
                        ImprovementsByStatus = byStatus,
                        ImprovementsByActionType = byAction,
                        ImprovementsByVerdict = byVerdict,
                        TotalMetrics = metrics.Values.Sum(),
                        MetricsByName = metrics,
                        TotalCorrelations = correlations.Values.Sum(),
                        CorrelationsByType = correlations,
                        CycleCount = await CycleCountAsync(connection, transaction, token).ConfigureAwait(false),
                        TotalPathChanges = Convert.ToInt64(await ScalarAsync(connection, transaction, "SELECT count(*) FROM path_changes;", token).ConfigureAwait(false), CultureInfo.InvariantCulture),
                    };
                },
                token),
            cancellationToken);

    /// <inheritdoc/>
    public Task<CycleRun> StartCycleAsync(DateTimeOffset at, string? owner = null, CancellationToken cancellationToken = default) =>
        RunAsync(
            async (connection, token) => (await ReadOneAsync(
                Command(connection, null, $"INSERT INTO cycle_runs (cycle_number, started_at, status, owner) VALUES (nextval('cycle_numbers'), $1, 'running', $2) RETURNING {CycleColumns};", at, owner),
                ReadCycleRow,
                token).ConfigureAwait(false))!,
            cancellationToken);

    /// <inheritdoc/>
    public Task<bool> FinishCycleAsync(long cycleNumber, CycleRunStatus status, string? reason, string? report, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        if (status == CycleRunStatus.Running)
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "A cycle finishes with a final status, not running.");
        }

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
    public Task<CycleRun?> GetLastCycleAsync(CancellationToken cancellationToken = default) =>
        RunAsync((connection, token) => ReadOneAsync(Command(connection, null, $"SELECT {CycleColumns} FROM cycle_runs ORDER BY cycle_number DESC LIMIT 1;"), ReadCycleRow, token), cancellationToken);

    /// <inheritdoc/>
    public Task<CycleRun?> GetCycleAsync(long cycleNumber, CancellationToken cancellationToken = default) =>
        RunAsync((connection, token) => ReadOneAsync(Command(connection, null, $"SELECT {CycleColumns} FROM cycle_runs WHERE cycle_number = $1;", cycleNumber), ReadCycleRow, token), cancellationToken);

    /// <inheritdoc/>
    public Task StoreBaselineAsync(VerificationBaseline baseline, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(baseline.ImprovementId, nameof(baseline));
        ArgumentNullException.ThrowIfNull(baseline.Data, nameof(baseline));
        return RunAsync(
            (connection, token) => ExecuteAsync(connection, null, """
                INSERT INTO verification_baselines (improvement_id, metric, sample_size, data, captured_at) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (improvement_id, metric) DO UPDATE SET
                    sample_size = excluded.sample_size, data = excluded.data, captured_at = excluded.captured_at;
                """, token, baseline.ImprovementId, EnumNames.ToName(baseline.Metric), baseline.SampleSize, baseline.Data, baseline.CapturedAt),
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<VerificationBaseline?> GetBaselineAsync(string improvementId, TargetMetric metric, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(improvementId);
        return RunAsync(
            (connection, token) => ReadOneAsync(
                Command(connection, null, "SELECT improvement_id, metric, sample_size, data, captured_at FROM verification_baselines WHERE improvement_id = $1 AND metric = $2;", improvementId, EnumNames.ToName(metric)),
                static r => new VerificationBaseline
                {
                    ImprovementId = Str(r, 0),
                    Metric = EnumNames.ParseTargetMetric(Str(r, 1)),
                    SampleSize = r.GetInt64(2),
                    Data = Str(r, 3),
                    CapturedAt = Time(r, 4),
                },
                token),
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task StoreVerificationAsync(VerificationResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(result.ImprovementId, nameof(result));
        RequireFinite(result.PValue ?? 0, "The p-value of a verification", nameof(result));
        RequireFinite(result.Effect ?? 0, "The effect of a verification", nameof(result));
        var verdict = EnumNames.ToName(result.Verdict);
        return RunAsync(
            (connection, token) => InTransactionAsync(
                connection,
                IsolationLevel.ReadCommitted,
                async transaction =>
                {
                    await ExecuteAsync(connection, transaction, """
                        INSERT INTO verification_verdicts (improvement_id, metric, verdict, p_value, effect, baseline_size, after_size, details, at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9);
                        """, token, result.ImprovementId, EnumNames.ToName(result.Metric), verdict, result.PValue, result.Effect, result.BaselineSize, result.AfterSize, result.Details, result.At).ConfigureAwait(false);
                    await ExecuteAsync(connection, transaction, "UPDATE improvements_applied SET verdict = $1 WHERE id = $2;", token, verdict, result.ImprovementId).ConfigureAwait(false);
                    return true;
                },
                token),
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<VerificationResult>> GetVerificationsAsync(string improvementId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(improvementId);
        return RunAsync<IReadOnlyList<VerificationResult>>(
            async (connection, token) => await ReadAllAsync(
                Command(connection, null, """
                    SELECT improvement_id, metric, verdict, p_value, effect, baseline_size, after_size, details, at
                    FROM verification_verdicts WHERE improvement_id = $1 ORDER BY at, id;
                    """, improvementId),
                static r => new VerificationResult
                {
                    ImprovementId = Str(r, 0),
                    Metric = EnumNames.ParseTargetMetric(Str(r, 1)),
                    Verdict = EnumNames.ParseVerificationVerdict(Str(r, 2)),
                    PValue = DoubleOrNull(r, 3),
                    Effect = DoubleOrNull(r, 4),
                    BaselineSize = r.GetInt64(5),
                    AfterSize = r.GetInt64(6),
                    Details = StringOrNull(r, 7),
                    At = Time(r, 8),
                },
                token).ConfigureAwait(false),
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<string?> GetStateAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return RunAsync(
            async (connection, token) => await ScalarAsync(connection, null, "SELECT value FROM loop_state WHERE key = $1;", token, key).ConfigureAwait(false) is string value ? PgText.Decode(value) : null,
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task SetStateAsync(string key, string? value, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return RunAsync(
            (connection, token) => value is null
                ? ExecuteAsync(connection, null, "DELETE FROM loop_state WHERE key = $1;", token, key)
                : ExecuteAsync(connection, null, """
                    INSERT INTO loop_state (key, value, updated_at) VALUES ($1, $2, $3)
                    ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at;
                    """, token, key, value, at),
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<PurgeResult> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken = default) =>
        RunAsync(
            (connection, token) => InTransactionAsync(
                connection,
                IsolationLevel.ReadCommitted,
                async transaction =>
                {
                    Task<int> DeleteAsync(string sql) => ExecuteAsync(connection, transaction, sql, token, olderThan);

                    // Only improvements in a final state go; anything applied or in progress keeps its whole history.
                    var improvements = await DeleteAsync("""
                        DELETE FROM improvements_applied
                        WHERE status IN ('failed', 'dry_run', 'rolled_back', 'rejected', 'expired')
                          AND coalesce(status_changed_at, created_at) < $1;
                        """).ConfigureAwait(false);
                    var pathChanges = await DeleteAsync("""
                        DELETE FROM path_changes WHERE at < $1 AND improvement_id NOT IN (
                            SELECT id FROM improvements_applied WHERE status IN ('pending', 'validating', 'applying', 'applied', 'pending_approval'));
                        """).ConfigureAwait(false);
                    var verifications =
                        await DeleteAsync("DELETE FROM verification_baselines WHERE captured_at < $1 AND improvement_id NOT IN (SELECT id FROM improvements_applied);").ConfigureAwait(false)
                        + await DeleteAsync("DELETE FROM verification_verdicts WHERE at < $1 AND improvement_id NOT IN (SELECT id FROM improvements_applied);").ConfigureAwait(false);
                    return new PurgeResult
                    {
                        Improvements = improvements,
                        PathChanges = pathChanges,
                        Verifications = verifications,
                        Patterns = await DeleteAsync("DELETE FROM patterns_detected WHERE last_seen < $1;").ConfigureAwait(false),
                        PatternHistory = await DeleteAsync("DELETE FROM pattern_history WHERE recorded_at < $1;").ConfigureAwait(false),
                        Metrics = await DeleteAsync("DELETE FROM success_metrics WHERE recorded_at < $1;").ConfigureAwait(false),
                        Correlations = await DeleteAsync("DELETE FROM correlations WHERE created_at < $1;").ConfigureAwait(false),
                        CycleRuns = await DeleteAsync("DELETE FROM cycle_runs WHERE status <> 'running' AND coalesce(finished_at, started_at) < $1;").ConfigureAwait(false),
                    };
                },
                token),
            cancellationToken);

    private static async Task WriteNullableTextAsync(NpgsqlBinaryImporter writer, string? value, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            await writer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await writer.WriteAsync(PgText.Encode(value), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<Dictionary<TKey, long>> GroupCountAsync<TKey>(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, Func<string, TKey> parse, CancellationToken cancellationToken)
        where TKey : notnull
    {
        var rows = await ReadAllAsync(Command(connection, transaction, sql), static r => (Str(r, 0), r.GetInt64(1)), cancellationToken).ConfigureAwait(false);
        var result = new Dictionary<TKey, long>();
        foreach (var (name, count) in rows)
        {
            result[parse(name)] = count;
        }

        return result;
    }

    // The sequence's last value: every cycle number ever given, whatever was purged since.
    private static async Task<long> CycleCountAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken) =>
        Convert.ToInt64(await ScalarAsync(connection, transaction, "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM cycle_numbers;", cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);

    private static CycleRun ReadCycleRow(NpgsqlDataReader r) => new()
    {
        CycleNumber = r.GetInt64(0),
        StartedAt = Time(r, 1),
        FinishedAt = TimeOrNull(r, 2),
        Status = EnumNames.ParseCycleRunStatus(Str(r, 3)),
        Reason = StringOrNull(r, 4),
        Report = StringOrNull(r, 5),
        Owner = StringOrNull(r, 6),
    };
}
