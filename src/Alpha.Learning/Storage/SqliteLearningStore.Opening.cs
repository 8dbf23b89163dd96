using System.Globalization;

using Alpha.Learning.Storage.Internal;

using Microsoft.Data.Sqlite;

namespace Alpha.Learning.Storage;

/// <summary>Opening the database: created on first use (mode 0600), checked, migrated, and set to write-ahead logging.</summary>
public sealed partial class SqliteLearningStore
{
    private void EnsureInitialized()
    {
        if (_initialized)
        {
            return;
        }

        lock (_initializeLock)
        {
            if (_initialized)
            {
                return;
            }

            Initialize();
            _initialized = true;
        }
    }

    private void Initialize()
    {
        if (!_inMemory)
        {
            CreateFileIfMissing();
        }

        using var connection = Open();
        var version = StoreSchema.ReadVersion(connection);
        if (version > StoreSchema.LatestVersion)
        {
            throw StoreErrors.NewerSchema(_path, version, StoreSchema.LatestVersion);
        }

        if (!_inMemory && _options.QuickCheckOnOpen)
        {
            QuickCheck(connection);
        }

        if (version == StoreSchema.LatestVersion)
        {
            EnsureWriteAheadLog(connection);
            Log.Opened(_logger, _path, version);
            return;
        }

        if (_options.ReadOnly)
        {
            throw new LearningStoreException(
                LearningStoreErrorKind.ReadOnly,
                _path,
                $"The learning store '{_path}' has schema version {version} and needs migrating to version {StoreSchema.LatestVersion}, which a read-only store cannot do; open it once writable.");
        }

        // Checked again under the write lock: another process may have migrated (or upgraded) the database meanwhile.
        var (from, to) = StoreSchema.Migrate(connection, StoreSchema.LatestVersion, (current, transaction) =>
        {
            if (current > StoreSchema.LatestVersion)
            {
                throw StoreErrors.NewerSchema(_path, current, StoreSchema.LatestVersion);
            }

            using var command = Command(connection, transaction, "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite!_%' ESCAPE '!';");
            if (current == 0 && Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) != 0)
            {
                throw new LearningStoreException(
                    LearningStoreErrorKind.Other,
                    _path,
                    $"The database '{_path}' holds tables but no Alpha.Learning schema version; it is not a learning store and was left untouched.");
            }
        });
        if (from != to)
        {
            Log.Migrated(_logger, _path, from, to);
        }

        EnsureWriteAheadLog(connection);
    }

    // Write-ahead logging is set when the store is created (it is a persistent property of the file), and again if a
    // crash came between the creation and that step. Only ever on a database known to be ours and current.
    private void EnsureWriteAheadLog(SqliteConnection connection)
    {
        if (_inMemory || _options.ReadOnly)
        {
            return;
        }

        using var command = Command(connection, null, "PRAGMA journal_mode;");
        if (!string.Equals(command.ExecuteScalar() as string, "wal", StringComparison.OrdinalIgnoreCase))
        {
            command.CommandText = "PRAGMA journal_mode = WAL;";
            command.ExecuteNonQuery();
        }
    }

    private void CreateFileIfMissing()
    {
        if (File.Exists(_path))
        {
            return;
        }

        if (_options.ReadOnly)
        {
            throw new LearningStoreException(
                LearningStoreErrorKind.CannotOpen,
                _path,
                $"The learning store '{_path}' does not exist, and a read-only store does not create it.");
        }

        try
        {
            var folder = Path.GetDirectoryName(_path);
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }

            var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var stream = new FileStream(_path, fileOptions);
        }
        catch (IOException) when (File.Exists(_path))
        {
            // Another process created it first: fine, SQLite initialises an empty file.
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw StoreErrors.FromIo(exception, _path);
        }
    }

    private void QuickCheck(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA quick_check(1);";
        var result = command.ExecuteScalar() as string;
        if (!string.Equals(result, "ok", StringComparison.Ordinal))
        {
            throw StoreErrors.Corrupt(_path, "quick_check: " + result);
        }
    }
}
