using Alpha.Learning.Storage;

using Npgsql;

namespace Alpha.Learning.Benchmarks.PostgreSql;

/// <summary>
/// The PostgreSQL server of the PostgreSQL benchmarks: <c>ALPHA_LEARNING_POSTGRES</c> names it (an Npgsql connection
/// string), as for the store's tests; <c>bash eng/postgres.sh run dotnet run -c Release --project benchmarks/Alpha.Learning.Benchmarks -- ...</c>
/// starts a throw-away one. Each store gets a schema of its own, dropped after.
/// </summary>
internal static class PostgresBenchServer
{
    public const string Variable = "ALPHA_LEARNING_POSTGRES";

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"The PostgreSQL benchmarks need a local PostgreSQL server, and {Variable} is not set. Run them through " +
                "'bash eng/postgres.sh run dotnet run -c Release --project benchmarks/Alpha.Learning.Benchmarks -- --filter *PostgreSql*' " +
                $"(it starts Debian's PostgreSQL on a temporary folder and a free port, and stops it after), or set {Variable} to an Npgsql connection string.");

    /// <summary>A new store in a schema of its own, created and migrated.</summary>
    public static PostgreSqlLearningStore CreateStore()
    {
        var store = new PostgreSqlLearningStore(new PostgreSqlLearningStoreOptions
        {
            ConnectionString = ConnectionString,
            Schema = "bench_" + Guid.NewGuid().ToString("N")[..20],
        });
        store.InitializeAsync().GetAwaiter().GetResult();
        return store;
    }

    /// <summary>Disposes the store and drops its schema.</summary>
    public static void Drop(PostgreSqlLearningStore? store)
    {
        if (store is null)
        {
            return;
        }

        var schema = store.Schema;
        store.Dispose();
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE;", connection);
        command.ExecuteNonQuery();
    }
}
