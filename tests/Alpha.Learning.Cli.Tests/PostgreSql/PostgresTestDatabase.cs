using Alpha.Learning.Tests.Storage;

using Npgsql;

namespace Alpha.Learning.Cli.Tests.PostgreSql;

/// <summary>
/// A database of its own on the test server (<see cref="PostgresTestStore"/>), dropped at the end: the CLI keeps its
/// store in the default schema, so each test gets a database rather than a schema.
/// </summary>
public sealed class PostgresTestDatabase : IDisposable
{
    private readonly NpgsqlConnectionStringBuilder _server = new(PostgresTestStore.ConnectionString);

    public PostgresTestDatabase()
    {
        Name = "cli_" + Guid.NewGuid().ToString("N")[..16];
        Execute($"CREATE DATABASE \"{Name}\";");
    }

    public string Name { get; }

    public string Password => _server.Password ?? string.Empty;

    /// <summary>Gets the database as an Npgsql connection string (with the password).</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder(_server.ConnectionString) { Database = Name }.ConnectionString;

    /// <summary>Gets the database as a <c>postgresql://</c> URI (with the password).</summary>
    public string Uri => $"postgresql://{System.Uri.EscapeDataString(_server.Username ?? "postgres")}:{System.Uri.EscapeDataString(Password)}@{_server.Host}:{_server.Port}/{Name}";

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        Execute($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE);");
    }

    private void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(_server.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
