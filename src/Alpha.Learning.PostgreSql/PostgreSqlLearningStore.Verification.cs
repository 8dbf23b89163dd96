using System.Data;

using Alpha.Learning.Analysis;
using Alpha.Learning.Loop;
using Alpha.Learning.Storage.Internal;

namespace Alpha.Learning.Storage;

/// <summary>The baselines of improvements' metrics and their verification results.</summary>
public sealed partial class PostgreSqlLearningStore
{
    /// <inheritdoc/>
    public Task StoreBaselineAsync(VerificationBaseline baseline, CancellationToken cancellationToken = default)
    {
        StoreChecks.Baseline(baseline);
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
                Command(connection, null, $"SELECT {StoreRecords.BaselineColumns} FROM verification_baselines WHERE improvement_id = $1 AND metric = $2;", improvementId, EnumNames.ToName(metric)),
                static r => StoreRecords.Baseline(new PgRow(r)),
                token),
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task StoreVerificationAsync(VerificationResult result, CancellationToken cancellationToken = default)
    {
        StoreChecks.Verification(result);
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
                static r => StoreRecords.Verification(new PgRow(r)),
                token).ConfigureAwait(false),
            cancellationToken);
    }
}
