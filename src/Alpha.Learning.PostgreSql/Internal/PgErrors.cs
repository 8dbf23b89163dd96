using System.Net.Sockets;

using Npgsql;

namespace Alpha.Learning.Storage.Internal;

/// <summary>Maps Npgsql and PostgreSQL errors to <see cref="LearningStoreException"/>s naming the server and the database (never the password).</summary>
internal static class PgErrors
{
    public static LearningStoreException? Map(Exception exception, string server, string database)
    {
        var where = $"the PostgreSQL learning store (server {server}, database '{database}')";
        if (exception is PostgresException pg)
        {
            return pg.SqlState switch
            {
                "28P01" or "28000" => new(LearningStoreErrorKind.Authentication, server,
                    $"The server refused the credentials for {where}: {PgConnectionText.Redact(pg.MessageText)}. Check the user name and password (given in the connection string or the PGPASSWORD environment variable).", exception),
                "42501" => new(LearningStoreErrorKind.PermissionDenied, server,
                    $"The database user lacks a privilege {where} needs ({PgConnectionText.Redact(pg.MessageText)}); grant it CREATE on the database (for the store's schema) or ownership of that schema.", exception),
                "3D000" => new(LearningStoreErrorKind.CannotOpen, server,
                    $"The database '{database}' does not exist on the server {server}; create it (createdb) or name another one.", exception),
                "53100" => new(LearningStoreErrorKind.DiskFull, server,
                    $"The disk of the server holding {where} is full; nothing was written.", exception),
                "53300" or "57P03" => new(LearningStoreErrorKind.Unreachable, server,
                    $"The server of {where} does not accept connections now ({PgConnectionText.Redact(pg.MessageText)}); retry later.", exception),
                "40001" or "40P01" or "55P03" => new(LearningStoreErrorKind.Locked, server,
                    $"A concurrent transaction on {where} conflicted with this one ({pg.SqlState}); nothing was written. Retry.", exception),
                "25006" => new(LearningStoreErrorKind.ReadOnly, server,
                    $"The server of {where} is read-only (a standby, or default_transaction_read_only); nothing was written.", exception),
                _ => null,
            };
        }

        if (exception is NpgsqlException npgsql && (npgsql.InnerException is SocketException or TimeoutException || npgsql is { IsTransient: true } && npgsql.InnerException is not PostgresException))
        {
            return new(LearningStoreErrorKind.Unreachable, server,
                $"The PostgreSQL server {server} cannot be reached for the database '{database}' ({PgConnectionText.Redact(npgsql.InnerException?.Message ?? npgsql.Message)}). Check that it runs and the host and port are right; for tests, start one with 'bash eng/postgres.sh start'.", exception);
        }

        return null;
    }

    public static LearningStoreException NewerSchema(string server, string database, string schema, int found, int supported) =>
        new(LearningStoreErrorKind.NewerSchema, server,
            $"The PostgreSQL learning store (server {server}, database '{database}', schema '{schema}') has schema version {found}, written by a newer version of Alpha.Learning (this one knows up to version {supported}); it was left untouched. Upgrade Alpha.Learning on every instance.");
}
