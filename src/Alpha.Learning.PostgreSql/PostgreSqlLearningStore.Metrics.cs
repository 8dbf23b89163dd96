using System.Data;

using Alpha.Learning.Loop;
using Alpha.Learning.Storage.Internal;

using Npgsql;

using NpgsqlTypes;

namespace Alpha.Learning.Storage;

/// <summary>Metric values (binary COPY) and correlations, what verification measures.</summary>
public sealed partial class PostgreSqlLearningStore
{
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
            StoreChecks.Metric(metric, nameof(metrics));
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
        StoreChecks.Limit(limit);
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
                static r => StoreRecords.Metric(new PgRow(r)),
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
            StoreChecks.Correlation(correlation, nameof(correlations));
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
                static r => StoreRecords.Correlation(new PgRow(r)),
                token).ConfigureAwait(false),
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
}
