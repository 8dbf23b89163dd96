using System.Data;
using System.Globalization;
using System.Text.RegularExpressions;

using Alpha.Learning.Storage.Internal;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

using Npgsql;

namespace Alpha.Learning.Storage;

/// <summary>
/// An <see cref="ILearningStore"/> on PostgreSQL (Npgsql), shared by every instance of a fleet: the same guarantees as
/// <see cref="SqliteLearningStore"/> across machines.
/// </summary>
/// <remarks>
/// <para>
/// The store's tables live in a schema of their own (<see cref="PostgreSqlLearningStoreOptions.Schema"/>, by default
/// <c>alpha_learning</c>), created and migrated the first time the store is used, in one transaction under an advisory
/// lock. A schema written by a newer version is refused and left untouched.
/// </para>
/// <para>
/// Upserts go by fingerprint (<c>INSERT … ON CONFLICT</c>); the quota reservation counts and inserts under a
/// transaction-scoped advisory lock; status changes are compare-and-set in one <c>UPDATE</c>; the lease is taken, renewed
/// and released in one statement each. Batches of patterns and metrics travel through binary <c>COPY</c>. Instants are
/// stored as <c>timestamptz</c> (microsecond precision). Errors are <see cref="LearningStoreException"/>s naming the
/// server and the database, never the password.
/// </para>
/// </remarks>
public sealed partial class PostgreSqlLearningStore : ILearningStore, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _server;
    private readonly string _database;
    private readonly string _schema;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _initializeLock = new(1, 1);
    private volatile bool _initialized;
    private volatile bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="PostgreSqlLearningStore"/> class from configured options.</summary>
    /// <param name="options">The options.</param>
    /// <param name="logger">The logger, or <see langword="null"/>.</param>
    public PostgreSqlLearningStore(IOptions<PostgreSqlLearningStoreOptions> options, ILogger<PostgreSqlLearningStore>? logger)
        : this(OptionsValue(options), logger)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PostgreSqlLearningStore"/> class with the default options.</summary>
    /// <param name="connectionString">An Npgsql connection string or a <c>postgresql://</c> URI.</param>
    public PostgreSqlLearningStore(string connectionString)
        : this(new PostgreSqlLearningStoreOptions { ConnectionString = connectionString })
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PostgreSqlLearningStore"/> class.</summary>
    /// <param name="options">The options.</param>
    public PostgreSqlLearningStore(PostgreSqlLearningStoreOptions options)
        : this(options, null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PostgreSqlLearningStore"/> class.</summary>
    /// <param name="options">The options.</param>
    /// <param name="logger">The logger, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The connection string, schema or timeout is not valid (the message never contains the password).</exception>
    public PostgreSqlLearningStore(PostgreSqlLearningStoreOptions options, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new ArgumentException("PostgreSqlLearningStoreOptions.ConnectionString is empty; give an Npgsql connection string or a postgresql:// URI.", nameof(options));
        }

        if (options.Schema is null || !SchemaName().IsMatch(options.Schema))
        {
            throw new ArgumentException($"PostgreSqlLearningStoreOptions.Schema '{options.Schema}' is not valid: use lower-case letters, digits and underscores, starting with a letter or an underscore, at most 63 characters.", nameof(options));
        }

        if (options.CommandTimeout < TimeSpan.FromSeconds(1) || options.CommandTimeout > TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.CommandTimeout, "PostgreSqlLearningStoreOptions.CommandTimeout must be between one second and one hour.");
        }

        var builder = new NpgsqlConnectionStringBuilder(PgConnectionText.ToNpgsql(options.ConnectionString))
        {
            SearchPath = options.Schema,
            CommandTimeout = (int)Math.Ceiling(options.CommandTimeout.TotalSeconds),
            PersistSecurityInfo = false,
        };
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = "alpha-learning";
        }

        _schema = options.Schema;
        _server = string.Create(CultureInfo.InvariantCulture, $"{builder.Host ?? "localhost"}:{builder.Port}");
        _database = builder.Database ?? builder.Username ?? "postgres";
        _logger = logger ?? NullLogger.Instance;
        _dataSource = new NpgsqlSlimDataSourceBuilder(builder.ConnectionString).Build();
    }

    /// <summary>Gets the schema version this version of Alpha.Learning writes.</summary>
    public static int SchemaVersion => PgSchema.LatestVersion;

    /// <summary>Gets the server, port, database, user and schema of the store, without the password (for messages).</summary>
    public string Description => $"{PgConnectionText.Describe(_dataSource.ConnectionString)} (schema {_schema})";

    /// <summary>Gets the schema holding the store's tables.</summary>
    public string Schema => _schema;

    /// <summary>Closes the pooled connections.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _dataSource.Dispose();
            _initializeLock.Dispose();
        }
    }

    /// <summary>Closes the pooled connections.</summary>
    /// <returns>A task that completes when they are closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            await _dataSource.DisposeAsync().ConfigureAwait(false);
            _initializeLock.Dispose();
        }
    }

    /// <summary>Creates the schema and applies the migrations now (otherwise the first operation does it).</summary>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>A task that completes when the store is ready.</returns>
    public Task InitializeAsync(CancellationToken cancellationToken = default) => RunAsync(static (_, _) => Task.FromResult(true), cancellationToken);

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex SchemaName();

    private static PostgreSqlLearningStoreOptions OptionsValue(IOptions<PostgreSqlLearningStoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Value;
    }

    private async Task RunAsync(Func<NpgsqlConnection, CancellationToken, Task> operation, CancellationToken cancellationToken) =>
        await RunAsync(
            async (connection, token) =>
            {
                await operation(connection, token).ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);

    private async Task<T> RunAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            if (!_initialized)
            {
                await InitializeCoreAsync(cancellationToken).ConfigureAwait(false);
            }

            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                return await operation(connection, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (exception is LearningStoreException known)
            {
                PgLog.StoreFailed(_logger, _server, known.Kind, known.Message);
                throw;
            }

            if (PgErrors.Map(exception, _server, _database) is { } mapped)
            {
                PgLog.StoreFailed(_logger, _server, mapped.Kind, mapped.Message);
                throw mapped;
            }

            throw;
        }
    }

    private async Task InitializeCoreAsync(CancellationToken cancellationToken)
    {
        await _initializeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized)
            {
                return;
            }

            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var (from, to) = await MigrateAsync(connection, cancellationToken).ConfigureAwait(false);
                if (from != to)
                {
                    PgLog.Migrated(_logger, _server, _schema, from, to);
                }
                else
                {
                    PgLog.Opened(_logger, _server, _schema, to);
                }
            }

            _initialized = true;
        }
        finally
        {
            _initializeLock.Release();
        }
    }

    private async Task<(int From, int To)> MigrateAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        // Read first without any lock: a current schema needs no write (and no CREATE privilege).
        var current = await ReadVersionAsync(connection, null, cancellationToken).ConfigureAwait(false);
        if (current > PgSchema.LatestVersion)
        {
            throw PgErrors.NewerSchema(_server, _database, _schema, current, PgSchema.LatestVersion);
        }

        if (current == PgSchema.LatestVersion)
        {
            return (current, current);
        }

        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(hashtext($1));", cancellationToken, "alpha_learning.migrate." + _schema).ConfigureAwait(false);

            // The schema name was checked against ^[a-z_][a-z0-9_]{0,62}$; it is quoted all the same.
            await ExecuteAsync(connection, transaction, $"CREATE SCHEMA IF NOT EXISTS \"{_schema}\"; CREATE TABLE IF NOT EXISTS \"{_schema}\".schema_migrations (version integer NOT NULL PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());", cancellationToken).ConfigureAwait(false);
            current = await ReadVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            if (current > PgSchema.LatestVersion)
            {
                throw PgErrors.NewerSchema(_server, _database, _schema, current, PgSchema.LatestVersion);
            }

            for (var version = current + 1; version <= PgSchema.LatestVersion; version++)
            {
                await ExecuteAsync(connection, transaction, PgSchema.Migrations[version - 1], cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, transaction, "INSERT INTO schema_migrations (version) VALUES ($1);", cancellationToken, version).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return (current, PgSchema.LatestVersion);
        }
    }

    private async Task<int> ReadVersionAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        var table = await ScalarAsync(connection, transaction, "SELECT to_regclass($1)::text;", cancellationToken, $"\"{_schema}\".schema_migrations").ConfigureAwait(false);
        if (table is not string)
        {
            return 0;
        }

        var version = await ScalarAsync(connection, transaction, $"SELECT coalesce(max(version), 0) FROM \"{_schema}\".schema_migrations;", cancellationToken).ConfigureAwait(false);
        return Convert.ToInt32(version, CultureInfo.InvariantCulture);
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params object?[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = Db(parameter) });
        }

        return command;
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken, params object?[] parameters)
    {
        var command = Command(connection, transaction, sql, parameters);
        await using (command.ConfigureAwait(false))
        {
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken, params object?[] parameters)
    {
        var command = Command(connection, transaction, sql, parameters);
        await using (command.ConfigureAwait(false))
        {
            var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return value is DBNull ? null : value;
        }
    }

    private static async Task<List<T>> ReadAllAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var list = new List<T>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    list.Add(read(reader));
                }

                return list;
            }
        }
    }

    private static async Task<T?> ReadOneAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
        where T : class =>
        (await ReadAllAsync(command, read, cancellationToken).ConfigureAwait(false)) is [var first, ..] ? first : null;

    // timestamptz takes UTC only; every other value goes as it is, null as NULL.
    private static object Db(object? value) => value switch
    {
        null => DBNull.Value,
        DateTimeOffset t => t.ToUniversalTime(),
        string text => PgText.Encode(text),
        _ => value,
    };

    private static DateTimeOffset Time(NpgsqlDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    private static DateTimeOffset? TimeOrNull(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Time(reader, ordinal);

    private static string Str(NpgsqlDataReader reader, int ordinal) => PgText.Decode(reader.GetString(ordinal));

    private static async Task<T> InTransactionAsync<T>(NpgsqlConnection connection, IsolationLevel isolation, Func<NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(isolation, cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var result = await work(transaction).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }
    }

    private string LockKey(string purpose) => "alpha_learning." + purpose + "." + _schema;
}
