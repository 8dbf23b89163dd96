using System.Globalization;

using Alpha.Learning.Storage.Internal;

using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Alpha.Learning.Storage;

/// <summary>
/// The default <see cref="ILearningStore"/>: a SQLite database (Microsoft.Data.Sqlite), safe to share between threads
/// and between processes.
/// </summary>
/// <remarks>
/// <para>
/// The database is created (mode 0600 on Unix, in write-ahead-log mode), migrated and checked with
/// <c>PRAGMA quick_check</c> the first time the store is used. A database written by a newer version, corrupted, or
/// not a database at all is refused with a <see cref="LearningStoreException"/> and left untouched.
/// </para>
/// <para>
/// Every operation opens its own (pooled) connection with a busy timeout and <c>synchronous=NORMAL</c>; every
/// read-then-write runs in a <c>BEGIN IMMEDIATE</c> transaction, and batches in one transaction with a prepared command.
/// Microsoft.Data.Sqlite does its work synchronously, so the asynchronous methods complete on the calling thread.
/// </para>
/// </remarks>
public sealed partial class SqliteLearningStore : ILearningStore, IDisposable
{
    private const string MemoryPath = ":memory:";

    private readonly string _connectionString;
    private readonly string _pragmas;
    private readonly string _path;
    private readonly bool _inMemory;
    private readonly SqliteLearningStoreOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _initializeLock = new();

    // A shared-cache in-memory database locks per table and fails at once (SQLITE_LOCKED) instead of waiting, so the
    // operations of an in-memory store run one at a time. It is one process's store anyway.
    private readonly Lock? _memoryGate;
    private SqliteConnection? _keepAlive;
    private volatile bool _initialized;
    private volatile bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="SqliteLearningStore"/> class for the database file the options name.</summary>
    /// <param name="options">
    /// The options: the database file (a missing file and folder are created), whether it is read-only, the busy
    /// timeout. A <see cref="SqliteLearningStoreOptions"/> is its own <see cref="IOptions{TOptions}"/>, so
    /// <c>new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = "learning.db" })</c> works as well as
    /// a registration by type.
    /// </param>
    /// <param name="logger">The logger, or <see langword="null"/> for none.</param>
    /// <remarks>For a store held in memory, use <see cref="CreateInMemory"/>.</remarks>
    public SqliteLearningStore(IOptions<SqliteLearningStoreOptions> options, ILogger<SqliteLearningStore>? logger = null)
        : this(OptionsValue(options), logger, inMemory: false)
    {
    }

    private SqliteLearningStore(SqliteLearningStoreOptions options, ILogger? logger, bool inMemory)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.BusyTimeout < TimeSpan.Zero || options.BusyTimeout > TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.BusyTimeout, "SqliteLearningStoreOptions.BusyTimeout must be between zero and one hour.");
        }

        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _inMemory = inMemory;
        var builder = new SqliteConnectionStringBuilder
        {
            Pooling = true,

            // Microsoft.Data.Sqlite retries a busy statement until its command timeout: keep it in step with the busy timeout.
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds)),
        };
        if (inMemory)
        {
            _path = MemoryPath;
            builder.DataSource = "alpha-learning-" + Guid.NewGuid().ToString("N");
            builder.Mode = SqliteOpenMode.Memory;
            builder.Cache = SqliteCacheMode.Shared;
        }
        else
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(options.DatabasePath, nameof(options));
            _path = Path.GetFullPath(options.DatabasePath);
            builder.DataSource = _path;

            // The file is created by this class (mode 0600), never implicitly by SQLite.
            builder.Mode = options.ReadOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWrite;
            builder.Cache = SqliteCacheMode.Private;
        }

        _connectionString = builder.ToString();

        // A 16 MiB page cache per connection (SQLite's default is 2 MiB): a cycle's batch of 10,000 pattern upserts
        // touches more than 2 MiB of pages and otherwise re-reads them from the OS; it halves the time of that batch.
        _pragmas = string.Create(
            CultureInfo.InvariantCulture,
            $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -16384;{(options.MaxPageCountForTesting is { } pages ? $" PRAGMA max_page_count = {pages};" : string.Empty)}");
        if (inMemory)
        {
            _memoryGate = new Lock();

            // A shared in-memory database lives as long as one connection to it is open.
            _keepAlive = new SqliteConnection(_connectionString);
            _keepAlive.Open();
        }
    }

    /// <summary>Gets the full path of the database file, or <c>:memory:</c> for an in-memory store.</summary>
    public string DatabasePath => _path;

    /// <summary>Gets the schema version this version of Alpha.Learning writes (the database's <c>PRAGMA user_version</c>).</summary>
    public static int SchemaVersion => StoreSchema.LatestVersion;

    /// <summary>
    /// Creates a store held in memory, private to this instance and gone when it is disposed: for tests and quick
    /// embedding. It behaves as a file-backed store, except that it is not shared with other processes.
    /// </summary>
    /// <param name="logger">The logger, or <see langword="null"/> for none.</param>
    /// <returns>The store; dispose it to free its memory.</returns>
    public static SqliteLearningStore CreateInMemory(ILogger? logger = null) =>
        new(new SqliteLearningStoreOptions { DatabasePath = MemoryPath }, logger, inMemory: true);

    /// <summary>Releases the pooled connections to the database (and the memory of an in-memory store).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        _keepAlive?.Dispose();
        _keepAlive = null;
    }

    private static SqliteLearningStoreOptions OptionsValue(IOptions<SqliteLearningStoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Value;
    }

    private static bool IsCancellation(Exception exception, CancellationToken cancellationToken) =>
        exception is OperationCanceledException && cancellationToken.IsCancellationRequested;

    private Task<bool> RunAsync(Action<SqliteConnection, CancellationToken> operation, CancellationToken cancellationToken) =>
        RunAsync(
            (connection, token) =>
            {
                operation(connection, token);
                return true;
            },
            cancellationToken);

    private Task<T> RunAsync<T>(Func<SqliteConnection, CancellationToken, T> operation, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        try
        {
            return Task.FromResult(Execute(operation, cancellationToken));
        }
        catch (Exception exception) when (IsCancellation(exception, cancellationToken))
        {
            return Task.FromCanceled<T>(cancellationToken);
        }
#pragma warning disable CA1031 // Every failure is handed to the caller through the task, as an async method does.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return Task.FromException<T>(exception);
        }
    }

    private T Execute<T>(Func<SqliteConnection, CancellationToken, T> operation, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            if (_memoryGate is null)
            {
                EnsureInitialized();
                using var connection = Open();
                return operation(connection, cancellationToken);
            }

            lock (_memoryGate)
            {
                EnsureInitialized();
                using var connection = Open();
                return operation(connection, cancellationToken);
            }
        }
        catch (SqliteException exception)
        {
            var mapped = StoreErrors.Map(exception, _path);
            if (mapped is null)
            {
                throw;
            }

            Log.StoreFailed(_logger, _path, mapped.Kind, exception);
            throw mapped;
        }
        catch (LearningStoreException exception)
        {
            Log.StoreFailed(_logger, _path, exception.Kind, exception);
            throw;
        }
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = _pragmas;
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static List<T> ReadAll<T>(SqliteCommand command, Func<SqliteDataReader, T> read)
    {
        var list = new List<T>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            list.Add(read(reader));
        }

        return list;
    }

    private static T? ReadOne<T>(SqliteCommand command, Func<SqliteDataReader, T> read)
        where T : class
    {
        using var reader = command.ExecuteReader();
        return reader.Read() ? read(reader) : null;
    }

    private static SqliteParameter Add(SqliteCommand command, string name, SqliteType type) =>
        command.Parameters.Add(name, type);

    // Binds a value the way this store keeps it: instants as ISO text in UTC, absent values as NULL.
    private static object Value(object? value) => value switch
    {
        null => DBNull.Value,
        DateTimeOffset time => SqlText.Time(time),
        _ => value,
    };
}
