using System.Data;
using System.Globalization;

using Npgsql;

namespace Alpha.Learning.Storage;

/// <summary>The store-wide statistics and the purge of old records.</summary>
public sealed partial class PostgreSqlLearningStore
{
    private const string ImprovementsByStatusSql = "SELECT status, count(*) FROM improvements_applied GROUP BY status;";

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
                    var byStatus = await GroupCountAsync(connection, transaction, ImprovementsByStatusSql, EnumNames.ParseImprovementStatus, token).ConfigureAwait(false);
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

    private static async Task<Dictionary<TKey, long>> GroupCountAsync<TKey>(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, Func<string, TKey> parse, CancellationToken cancellationToken)
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
}
