using Microsoft.Data.Sqlite;

namespace Alpha.Learning.Storage.Internal;

/// <summary>Turns engine and file-system errors into <see cref="LearningStoreException"/>s that name the file and say what to do.</summary>
internal static class StoreErrors
{
    // Primary SQLite result codes (https://sqlite.org/rescode.html).
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteReadOnly = 8;
    private const int SqliteIoError = 10;
    private const int SqliteCorrupt = 11;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;
    private const int SqliteNotADatabase = 26;

    public static LearningStoreException? Map(SqliteException exception, string path)
    {
        return (exception.SqliteErrorCode & 0xFF) switch
        {
            SqliteBusy or SqliteLocked => new(LearningStoreErrorKind.Locked, path,
                $"The learning store '{path}' stayed locked by another connection or process beyond the busy timeout; nothing was written. Retry later, or raise the busy timeout.", exception),
            SqliteReadOnly => new(LearningStoreErrorKind.ReadOnly, path,
                $"The learning store '{path}' is read-only (file or folder permissions, a read-only mount, or a store opened read-only); nothing was written.", exception),
            SqliteCorrupt => Corrupt(path, exception.Message, exception),
            SqliteNotADatabase => NotADatabase(path, exception),
            SqliteFull => new(LearningStoreErrorKind.DiskFull, path,
                $"The disk holding the learning store '{path}' is full; nothing was written. Free some space and retry.", exception),
            SqliteCantOpen => new(LearningStoreErrorKind.CannotOpen, path,
                $"The learning store '{path}' cannot be opened or created; check that the path and its folder exist and are accessible.", exception),
            SqliteIoError => new(LearningStoreErrorKind.Other, path,
                $"Reading or writing the learning store '{path}' failed with an I/O error ({exception.Message}).", exception),
            _ => null,
        };
    }

    public static LearningStoreException Corrupt(string path, string detail, Exception? inner = null) =>
        new(LearningStoreErrorKind.Corrupt, path,
            $"The learning store '{path}' is corrupted ({detail}); it was left untouched. Restore it from a backup, or move it away to start afresh.", inner);

    public static LearningStoreException NotADatabase(string path, Exception? inner = null) =>
        new(LearningStoreErrorKind.NotADatabase, path,
            $"The file '{path}' is not a SQLite database; it was left untouched. Point the learning store at another path.", inner);

    public static LearningStoreException NewerSchema(string path, int found, int supported) =>
        new(LearningStoreErrorKind.NewerSchema, path,
            $"The learning store '{path}' has schema version {found}, written by a newer version of Alpha.Learning (this one knows up to version {supported}); it was left untouched. Upgrade Alpha.Learning to use it.");

    public static LearningStoreException FromIo(Exception exception, string path) => exception switch
    {
        UnauthorizedAccessException => new(LearningStoreErrorKind.ReadOnly, path,
            $"The learning store '{path}' or its folder cannot be written ({exception.Message}).", exception),
        IOException io when IsDiskFull(io) => new(LearningStoreErrorKind.DiskFull, path,
            $"The disk holding the learning store '{path}' is full; nothing was written.", exception),
        _ => new(LearningStoreErrorKind.CannotOpen, path,
            $"The learning store '{path}' or its folder cannot be created ({exception.Message}).", exception),
    };

    private static bool IsDiskFull(IOException exception) =>
        (exception.HResult & 0xFFFF) is 0x70 or 0x27 || exception.HResult == 28;
}
