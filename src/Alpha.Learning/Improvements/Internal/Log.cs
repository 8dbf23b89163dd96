using Microsoft.Extensions.Logging;

namespace Alpha.Learning.Improvements.Internal;

internal static partial class Log
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Configuration file {Path} changed from version {OldVersion} to {NewVersion} ({Changes} changes).")]
    public static partial void ConfigApplied(ILogger logger, string path, string oldVersion, string newVersion, int changes);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Configuration file {Path} changed since the plan was made (version {Expected} expected, {Found} found); nothing was written.")]
    public static partial void ConfigConflict(ILogger logger, string path, string expected, string found);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Removed {Count} temporary files left by interrupted writes of {Path}.")]
    public static partial void OrphansRemoved(ILogger logger, string path, int count);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Configuration file {Path} refused ({Error}).")]
    public static partial void ConfigRefused(ILogger logger, string path, ConfigStoreError error);
}
