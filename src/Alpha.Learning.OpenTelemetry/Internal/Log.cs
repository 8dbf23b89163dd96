using Alpha.Learning.Internal;

using Microsoft.Extensions.Logging;

namespace Alpha.Learning.OpenTelemetry.Internal;

internal static partial class Log
{
    [LoggerMessage(EventId = EventIds.Exporter.WriteFailed, Level = LogLevel.Error, Message = "Alpha.Learning could not write execution events to '{Directory}'; they are dropped and counted until a write succeeds again.")]
    public static partial void WriteFailed(ILogger logger, string directory, Exception exception);

    [LoggerMessage(EventId = EventIds.Exporter.WriteRecovered, Level = LogLevel.Information, Message = "Alpha.Learning writes execution events to '{Directory}' again; {Lost} events were lost in all.")]
    public static partial void WriteRecovered(ILogger logger, string directory, long lost);

    [LoggerMessage(EventId = EventIds.Exporter.QueueFull, Level = LogLevel.Warning, Message = "Alpha.Learning's exporter queue is full ({Capacity} activities); activities are dropped and counted.")]
    public static partial void QueueFull(ILogger logger, int capacity);

    [LoggerMessage(EventId = EventIds.Exporter.UnusableSpan, Level = LogLevel.Debug, Message = "A GenAI activity was skipped: {Reason}")]
    public static partial void UnusableSpan(ILogger logger, string reason);

    [LoggerMessage(EventId = EventIds.Exporter.MappingFailed, Level = LogLevel.Warning, Message = "Alpha.Learning could not map an activity; it was skipped.")]
    public static partial void MappingFailed(ILogger logger, Exception exception);
}
