using Alpha.Learning.Storage.Internal;

namespace Alpha.Learning.Storage;

/// <summary>Recognises, converts and describes PostgreSQL connection strings and URIs, never revealing a password.</summary>
public static class PostgreSqlConnectionStrings
{
    /// <summary>
    /// Tells whether a value names a PostgreSQL server rather than a file: a <c>postgresql://</c> or <c>postgres://</c> URI,
    /// or a connection string with a <c>Host</c> or <c>Server</c> key.
    /// </summary>
    /// <param name="value">The value, for example the CLI's <c>--db</c>.</param>
    /// <returns><see langword="true"/> when it names a PostgreSQL server.</returns>
    public static bool IsPostgreSql(string? value) => PgConnectionText.IsPostgreSql(value);

    /// <summary>Converts a PostgreSQL URI to an Npgsql connection string; a connection string is checked and returned as it is.</summary>
    /// <param name="value">A <c>postgresql://</c> URI or an Npgsql connection string.</param>
    /// <returns>The Npgsql connection string.</returns>
    /// <exception cref="ArgumentException">The value is not a valid URI or connection string; the message never contains the password.</exception>
    public static string ToNpgsql(string value) => PgConnectionText.ToNpgsql(value);

    /// <summary>Describes the server, port, database and user of a connection string or URI, without the password (for messages and logs).</summary>
    /// <param name="value">A <c>postgresql://</c> URI or an Npgsql connection string.</param>
    /// <returns>For example <c>postgresql://alpha@db:5432/agents</c>.</returns>
    public static string Describe(string value) => PgConnectionText.Describe(PgConnectionText.ToNpgsql(value));
}
