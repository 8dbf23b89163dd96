using Alpha.Learning.Internal;

using Microsoft.Extensions.Logging;

namespace Alpha.Learning.Storage.Internal;

internal static partial class PgLog
{
    [LoggerMessage(EventId = EventIds.Storage.PostgreSqlMigrated, Level = LogLevel.Information, Message = "PostgreSQL learning store {Server} schema {Schema} migrated from version {FromVersion} to {ToVersion}.")]
    public static partial void Migrated(ILogger logger, string server, string schema, int fromVersion, int toVersion);

    [LoggerMessage(EventId = EventIds.Storage.PostgreSqlOpened, Level = LogLevel.Debug, Message = "PostgreSQL learning store {Server} schema {Schema} opened at version {Version}.")]
    public static partial void Opened(ILogger logger, string server, string schema, int version);

    [LoggerMessage(EventId = EventIds.Storage.PostgreSqlFailed, Level = LogLevel.Error, Message = "PostgreSQL learning store {Server} cannot be used ({Kind}): {Reason}")]
    public static partial void StoreFailed(ILogger logger, string server, LearningStoreErrorKind kind, string reason);
}
