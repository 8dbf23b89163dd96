using System.Globalization;

using Alpha.Learning.Storage.Internal;

using Microsoft.Data.Sqlite;

namespace Alpha.Learning.Storage;

/// <summary>The store-wide statistics and the purge of old records.</summary>
public sealed partial class SqliteLearningStore
{
    private const string ImprovementsByStatusSql = "SELECT status, count(*) FROM improvements_applied GROUP BY status;";

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
}
