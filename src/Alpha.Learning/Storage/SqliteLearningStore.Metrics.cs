using System.Text;

using Alpha.Learning.Loop;
using Alpha.Learning.Storage.Internal;

using Microsoft.Data.Sqlite;

namespace Alpha.Learning.Storage;

/// <summary>Metric values and correlations, what verification measures.</summary>
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
            (connection, token) => SqliteBatch.Write(
                connection,
                metrics,
                nameof(metrics),
                _ => new RawStatement(connection, InsertMetricSql),
                static (insert, metric) =>
                {
                    StoreChecks.Metric(metric, nameof(metrics));
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
                },
                token),
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<SuccessMetric>> GetMetricsAsync(string? name = null, string? subject = null, DateTimeOffset? since = null, DateTimeOffset? until = null, int limit = 10_000, CancellationToken cancellationToken = default)
    {
        StoreChecks.Limit(limit);
        return RunAsync<IReadOnlyList<SuccessMetric>>(
            (connection, _) =>
            {
                var sql = new StringBuilder("SELECT metric_name, metric_value, timestamp, subject, metadata FROM success_metrics")
                    .AppendWhere((name is not null, "metric_name = $name"), (subject is not null, "subject = $subject"), (since is not null, "timestamp >= $since"), (until is not null, "timestamp < $until"))
                    .Append(" ORDER BY timestamp, id LIMIT $limit;");
                using var command = Command(connection, null, sql.ToString());
                AddIfGiven(command, "$name", name);
                AddIfGiven(command, "$subject", subject);
                AddIfGiven(command, "$since", since);
                AddIfGiven(command, "$until", until);
                command.Parameters.AddWithValue("$limit", limit);
                return ReadAll(command, static r => StoreRecords.Metric(new SqliteRow(r)));
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
            (connection, token) => SqliteBatch.Write(
                connection,
                correlations,
                nameof(correlations),
                transaction =>
                {
                    var command = Command(connection, transaction, UpsertCorrelationSql);
                    Add(command, "$type", SqliteType.Text);
                    Add(command, "$source", SqliteType.Text);
                    Add(command, "$target", SqliteType.Text);
                    Add(command, "$score", SqliteType.Real);
                    Add(command, "$sample_size", SqliteType.Integer);
                    Add(command, "$details", SqliteType.Text);
                    Add(command, "$created_at", SqliteType.Text);
                    return command;
                },
                static (command, correlation) =>
                {
                    StoreChecks.Correlation(correlation, nameof(correlations));
                    var p = command.Parameters;
                    p[0].Value = correlation.Type;
                    p[1].Value = correlation.Source;
                    p[2].Value = correlation.Target;
                    p[3].Value = correlation.Score;
                    p[4].Value = correlation.SampleSize;
                    p[5].Value = SqlText.OrNull(correlation.Details);
                    p[6].Value = SqlText.Time(correlation.CreatedAt);
                    command.ExecuteNonQuery();
                },
                token),
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<Correlation>> GetCorrelationsAsync(string? type = null, double? minScore = null, CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<Correlation>>(
            (connection, _) =>
            {
                var sql = new StringBuilder("SELECT ").Append(StoreRecords.CorrelationColumns).Append(" FROM correlations")
                    .AppendWhere((type is not null, "correlation_type = $type"), (minScore is not null, "score >= $min_score"))
                    .Append(" ORDER BY score DESC, id;");
                using var command = Command(connection, null, sql.ToString());
                AddIfGiven(command, "$type", type);
                AddIfGiven(command, "$min_score", minScore);
                return ReadAll(command, static r => StoreRecords.Correlation(new SqliteRow(r)));
            },
            cancellationToken);

    private static void AddIfGiven(SqliteCommand command, string name, object? value)
    {
        if (value is not null)
        {
            command.Parameters.AddWithValue(name, Value(value));
        }
    }
}
