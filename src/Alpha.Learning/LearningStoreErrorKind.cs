namespace Alpha.Learning;

/// <summary>
/// Why a <see cref="LearningStoreException"/> was thrown.
/// </summary>
public enum LearningStoreErrorKind
{
    /// <summary>Another error of the database engine or the file system.</summary>
    Other = 0,

    /// <summary>The database stayed locked by another connection or process beyond the busy timeout.</summary>
    Locked = 1,

    /// <summary>The file is not a SQLite database.</summary>
    NotADatabase = 2,

    /// <summary>The database is corrupted (its integrity check failed).</summary>
    Corrupt = 3,

    /// <summary>The database or its folder cannot be written (file permissions, a read-only mount, or a store opened read-only).</summary>
    ReadOnly = 4,

    /// <summary>The disk (or the database's size limit) is full.</summary>
    DiskFull = 5,

    /// <summary>The database was written by a newer version of Alpha.Learning; it is left as it is.</summary>
    NewerSchema = 6,

    /// <summary>The database file or its folder cannot be opened or created (or, for a database server, the database does not exist).</summary>
    CannotOpen = 7,

    /// <summary>The database server cannot be reached (name not resolved, connection refused, or no answer in time).</summary>
    Unreachable = 8,

    /// <summary>The database server refused the credentials (wrong user name or password, or no access for this client).</summary>
    Authentication = 9,

    /// <summary>The database user lacks a privilege the store needs (to create its schema, or to read or write its tables).</summary>
    PermissionDenied = 10,
}
