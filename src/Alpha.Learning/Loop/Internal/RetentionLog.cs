using Alpha.Learning.Internal;

using Microsoft.Extensions.Logging;

namespace Alpha.Learning.Loop.Internal;

/// <summary>The retention step's log messages.</summary>
internal static partial class RetentionLog
{
    [LoggerMessage(EventId = EventIds.Loop.RetentionPurged, Level = LogLevel.Debug, Message = "Retention ({Days} days): purged {Patterns} patterns, {Improvements} improvements, {Metrics} metric values and {CycleRuns} cycle runs.")]
    public static partial void Purged(ILogger logger, double days, long patterns, long improvements, long metrics, long cycleRuns);

    [LoggerMessage(EventId = EventIds.Loop.RetentionPurgeFailed, Level = LogLevel.Warning, Message = "Retention: the purge after the cycle failed; the next cycle tries again.")]
    public static partial void PurgeFailed(ILogger logger, Exception exception);
}
