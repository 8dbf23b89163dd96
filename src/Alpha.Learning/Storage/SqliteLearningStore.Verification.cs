using Alpha.Learning.Analysis;
using Alpha.Learning.Loop;
using Alpha.Learning.Storage.Internal;

namespace Alpha.Learning.Storage;

/// <summary>The baselines of improvements' metrics and their verification results.</summary>
public sealed partial class SqliteLearningStore
{
    /// <inheritdoc/>
    public Task StoreBaselineAsync(VerificationBaseline baseline, CancellationToken cancellationToken = default)
    {
        StoreChecks.Baseline(baseline);
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
                using var command = Command(connection, null, $"SELECT {StoreRecords.BaselineColumns} FROM verification_baselines WHERE improvement_id = $improvement_id AND metric = $metric;");
                command.Parameters.AddWithValue("$improvement_id", improvementId);
                command.Parameters.AddWithValue("$metric", EnumNames.ToName(metric));
                return ReadOne(command, static r => StoreRecords.Baseline(new SqliteRow(r)));
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task StoreVerificationAsync(VerificationResult result, CancellationToken cancellationToken = default)
    {
        StoreChecks.Verification(result);
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
                using var command = Command(connection, null, $"SELECT {StoreRecords.VerificationColumns} FROM verification_verdicts WHERE improvement_id = $improvement_id ORDER BY at, id;");
                command.Parameters.AddWithValue("$improvement_id", improvementId);
                return ReadAll(command, static r => StoreRecords.Verification(new SqliteRow(r)));
            },
            cancellationToken);
    }
}
