using System.Globalization;

using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;
using Alpha.Learning.Loop;
using Alpha.Learning.Storage;
using Alpha.Learning.Storage.Internal;

using Microsoft.Data.Sqlite;

using static Alpha.Learning.Tests.Storage.StoreSamples;

namespace Alpha.Learning.Tests.Storage;

public sealed class SqliteLearningStoreSchemaTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task FirstUse_NewFile_CreatesWalDatabaseAtLatestVersion()
    {
        var path = _folder.File("new.db");
        using (var store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = path }))
        {
            await store.GetStatisticsAsync();
        }

        Pragma(path, "user_version").Should().Be(SqliteLearningStore.SchemaVersion.ToString(CultureInfo.InvariantCulture));
        Pragma(path, "journal_mode").Should().Be("wal");
        Tables(path).Should().Contain(
        [
            "patterns_detected", "improvements_applied", "success_metrics", "correlations", "pattern_history", "path_changes",
            "cycle_runs", "leases", "verification_baselines", "verification_verdicts", "loop_state",
        ]);
    }

    [Fact]
    public async Task FirstUse_MissingFolder_CreatesFolderAndFile()
    {
        var path = Path.Combine(_folder.Path, "a", "b", "store.db");
        using var store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = path });

        await store.SetStateAsync("k", "v", T0);

        File.Exists(path).Should().BeTrue();
        store.DatabasePath.Should().Be(path);
    }

    [Fact]
    public async Task FirstUse_OnUnix_CreatesFileWithMode0600()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var path = _folder.File("mode.db");
        using var store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = path });
        await store.SetStateAsync("k", "v", T0);

        File.GetUnixFileMode(path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        if (File.Exists(path + "-wal"))
        {
            File.GetUnixFileMode(path + "-wal").Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Fact]
    public async Task FirstUse_EmptyExistingFile_Migrates()
    {
        var path = _folder.File("empty.db");
        await File.WriteAllBytesAsync(path, []);
        using var store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = path });

        await store.StoreMetricAsync(new SuccessMetric { Name = "m", Value = 1, Timestamp = T0 });

        (await store.GetMetricsAsync()).Should().ContainSingle();
    }

    [Fact]
    public async Task FirstUse_Version1Database_MigratesKeepingData()
    {
        var path = _folder.File("v1.db");
        using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            connection.Open();
            StoreSchema.Migrate(connection, 1).Should().Be((0, 1));
            using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO patterns_detected (id, fingerprint, pattern_type, description, occurrences, impact_score, first_seen, last_seen)
                VALUES ('p1', 'fp1', 'timeout_pattern', 'old pattern', 7, 0.6, '2026-01-01T00:00:00.0000000Z', '2026-01-02T00:00:00.0000000Z');
                INSERT INTO improvements_applied (id, recommendation_id, title, action_type, changes, status, created_at, applied_at)
                VALUES ('i1', 'r1', 'old improvement', 'config_update', '[{"path":"a.b","oldValue":1,"newValue":2}]', 'applied',
                        '2026-01-03T00:00:00.0000000Z', '2026-01-03T00:00:01.0000000Z');
                INSERT INTO success_metrics (metric_name, metric_value, timestamp) VALUES ('error_rate', 0.5, '2026-01-04T00:00:00.0000000Z');
                INSERT INTO correlations (correlation_type, source, target, score, created_at) VALUES ('t', 's', 'x', 0.1, '2026-01-05T00:00:00.0000000Z');
                INSERT INTO correlations (correlation_type, source, target, score, created_at) VALUES ('t', 's', 'x', 0.2, '2026-01-06T00:00:00.0000000Z');
                """;
            insert.ExecuteNonQuery();
        }

        using var store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = path });
        var patterns = await store.GetPatternsAsync(PatternType.TimeoutPattern);
        var improvement = await store.GetImprovementAsync("i1");

        Pragma(path, "user_version").Should().Be(SqliteLearningStore.SchemaVersion.ToString(CultureInfo.InvariantCulture));
        patterns.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Id = "p1", Occurrences = 7L, ImpactScore = 0.6, Subject = string.Empty });
        improvement!.Status.Should().Be(ImprovementStatus.Applied);
        improvement.Changes.Should().ContainSingle().Which.NewValue.Should().Be(2L);
        improvement.Verdict.Should().Be(VerificationVerdict.None);
        (await store.GetMetricsAsync("error_rate")).Should().ContainSingle();
        (await store.GetCorrelationsAsync()).Should().ContainSingle().Which.Score.Should().Be(0.2);
        (await store.CountAppliedInWindowAsync(new DateTimeOffset(2026, 1, 3, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 1, 4, 0, 0, 0, TimeSpan.Zero))).Should().Be(1);
    }

    [Fact]
    public async Task FirstUse_NewerSchema_RefusedAndFileUntouched()
    {
        var path = _folder.File("newer.db");
        using (var store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = path }))
        {
            await store.SetStateAsync("k", "v", T0);
        }

        Execute(path, "PRAGMA journal_mode = DELETE; PRAGMA user_version = 99;");
        var before = await File.ReadAllBytesAsync(path);

        using (var store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = path }))
        {
            var act = () => store.GetStateAsync("k");

            var error = (await act.Should().ThrowAsync<LearningStoreException>()).Which;
            error.Kind.Should().Be(LearningStoreErrorKind.NewerSchema);
            error.DatabasePath.Should().Be(path);
            error.Message.Should().Contain(path).And.Contain("99").And.Contain("newer");
        }

        SqliteConnection.ClearAllPools();
        (await File.ReadAllBytesAsync(path)).Should().Equal(before);
    }

    [Fact]
    public async Task FirstUse_CurrentStoreLeftInRollbackJournalMode_SwitchedBackToWal()
    {
        var path = _folder.File("journal.db");
        using (var store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = path }))
        {
            await store.SetStateAsync("k", "v", T0);
        }

        Execute(path, "PRAGMA journal_mode = DELETE;");

        using (var store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = path }))
        {
            (await store.GetStateAsync("k")).Should().Be("v");
        }

        Pragma(path, "journal_mode").Should().Be("wal");
    }

    [Fact]
    public async Task FirstUse_ForeignDatabase_RefusedAndUntouched()
    {
        var path = _folder.File("foreign.db");
        Execute(path, "CREATE TABLE something (x INTEGER);");
        var before = await File.ReadAllBytesAsync(path);
        using var store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = path });

        var act = () => store.GetStatisticsAsync();

        (await act.Should().ThrowAsync<LearningStoreException>()).Which.Message.Should().Contain("not a learning store");
        SqliteConnection.ClearAllPools();
        (await File.ReadAllBytesAsync(path)).Should().Equal(before);
    }

    [Fact]
    public async Task FirstUse_TwoStoresOnOneNewFile_MigrateOnce()
    {
        var path = _folder.File("race.db");
        using var a = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = path });
        using var b = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = path });

        await Task.WhenAll(
            Task.Run(() => a.SetStateAsync("a", "1", T0)),
            Task.Run(() => b.SetStateAsync("b", "2", T0)));

        (await a.GetStateAsync("b")).Should().Be("2");
        (await b.GetStateAsync("a")).Should().Be("1");
    }

    public static TheoryData<string, string> HotQueries() => new()
    {
        { SqliteLearningStore.PatternQuerySql(byType: true, byImpact: true), "ix_patterns_type_impact" },
        { SqliteLearningStore.PatternQuerySql(byType: true, byImpact: false), "ix_patterns_type_impact" },
        { SqliteLearningStore.ImprovementQuerySql(byStatus: true, byActionType: false), "ix_improvements_status_created" },
        { SqliteLearningStore.ImprovementQuerySql(byStatus: false, byActionType: false), "ix_improvements_created" },
        { SqliteLearningStore.PathChangesQuerySql, "ix_path_changes_path_at" },
        { SqliteLearningStore.QuotaCountSql, "ix_improvements_status_created" },
        { SqliteLearningStore.QuotaCountSql, "ix_improvements_applied_at" },
    };

    [Theory]
    [MemberData(nameof(HotQueries))]
    public async Task HotQuery_QueryPlan_UsesIndex(string sql, string index)
    {
        var path = _folder.File("plan.db");
        using (var store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = path }))
        {
            await store.GetStatisticsAsync();
        }

        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var name in new[] { "$type", "$min_impact", "$limit", "$status", "$action_type", "$path", "$since", "$window_start", "$window_end" })
        {
            if (sql.Contains(name, StringComparison.Ordinal))
            {
                command.Parameters.AddWithValue(name, "x");
            }
        }

        var plan = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                plan.Add(reader.GetString(3));
            }
        }

        plan.Should().Contain(detail => detail.Contains("INDEX " + index, StringComparison.Ordinal), "the plan was: {0}", string.Join(" | ", plan));
        plan.Should().NotContain(detail => detail.StartsWith("SCAN ", StringComparison.Ordinal) && !detail.Contains("INDEX", StringComparison.Ordinal) && !detail.Contains("subquery", StringComparison.Ordinal));
        if (sql.Contains("ORDER BY", StringComparison.Ordinal))
        {
            plan.Should().NotContain(detail => detail.Contains("TEMP B-TREE", StringComparison.Ordinal), "the index gives the order: {0}", string.Join(" | ", plan));
        }
    }

    private static string Pragma(string path, string name)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture)!;
    }

    private static List<string> Tables(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table';";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    internal static void Execute(string path, string sql)
    {
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();
    }
}
