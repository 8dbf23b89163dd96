using Alpha.Learning.Internal;

using Microsoft.Extensions.Logging;

namespace Alpha.Learning.Storage.Internal;

internal static partial class Log
{
    [LoggerMessage(EventId = EventIds.Storage.Migrated, Level = LogLevel.Information, Message = "Learning store {DatabasePath} migrated from schema version {FromVersion} to {ToVersion}.")]
    public static partial void Migrated(ILogger logger, string databasePath, int fromVersion, int toVersion);

    [LoggerMessage(EventId = EventIds.Storage.Opened, Level = LogLevel.Debug, Message = "Learning store {DatabasePath} opened at schema version {Version}.")]
    public static partial void Opened(ILogger logger, string databasePath, int version);

    [LoggerMessage(EventId = EventIds.Storage.StoreFailed, Level = LogLevel.Error, Message = "Learning store {DatabasePath} cannot be used ({Kind}).")]
    public static partial void StoreFailed(ILogger logger, string databasePath, LearningStoreErrorKind kind, Exception exception);
}
