using Alpha.Learning.Storage;

using Npgsql;

namespace Alpha.Learning.Tests.Storage;

/// <summary>
/// The PostgreSQL server of the store's contract tests: <c>ALPHA_LEARNING_POSTGRES</c> names it (a connection string);
/// <c>eng/postgres.sh</c> starts one. Each store gets a schema of its own, dropped at the end.
/// </summary>
internal static class PostgresTestStore
{
    public const string Variable = "ALPHA_LEARNING_POSTGRES";

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"The PostgreSQL store tests need a PostgreSQL server, and {Variable} is not set. Run the tests through " +
                "'bash eng/postgres.sh run dotnet test' (it starts Debian's PostgreSQL on a temporary folder and a free port as the " +
                $"postgres user, and stops it after), or 'eval \"$(bash eng/postgres.sh start)\"' once, or set {Variable} to an Npgsql connection string.");

    public static string NewSchema() => "t_" + Guid.NewGuid().ToString("N")[..20];

    public static PostgreSqlLearningStore Create(string? schema = null) =>
        new(new PostgreSqlLearningStoreOptions { ConnectionString = ConnectionString, Schema = schema ?? NewSchema() });

    public static void Drop(PostgreSqlLearningStore store)
    {
        var schema = store.Schema;
        store.Dispose();
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE;", connection);
        command.ExecuteNonQuery();
    }

    public static void Dispose(ILearningStore store)
    {
        switch (store)
        {
            case PostgreSqlLearningStore pg:
                Drop(pg);
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }
}
