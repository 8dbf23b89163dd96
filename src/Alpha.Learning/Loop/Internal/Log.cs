using Alpha.Learning.Internal;

using Microsoft.Extensions.Logging;

namespace Alpha.Learning.Loop.Internal;

internal static partial class Log
{
    [LoggerMessage(EventId = EventIds.Loop.CycleStarted, Level = LogLevel.Information, Message = "Cycle {CycleNumber} started in {Mode} mode.")]
    public static partial void CycleStarted(ILogger logger, long cycleNumber, FeedbackLoopMode mode);

    [LoggerMessage(EventId = EventIds.Loop.CycleFinished, Level = LogLevel.Information, Message = "Cycle {CycleNumber} finished: {Applied} applied, {Pending} pending approval, {Failed} failed, {Skipped} skipped, {Verified} verified.")]
    public static partial void CycleFinished(ILogger logger, long cycleNumber, int applied, int pending, int failed, int skipped, int verified);

    [LoggerMessage(EventId = EventIds.Loop.CycleFailed, Level = LogLevel.Error, Message = "Cycle {CycleNumber} failed in step {Step}.")]
    public static partial void CycleFailed(ILogger logger, Exception exception, long cycleNumber, string step);

    [LoggerMessage(EventId = EventIds.Loop.CycleSkipped, Level = LogLevel.Information, Message = "A cycle was skipped: another cycle holds the lease.")]
    public static partial void CycleSkipped(ILogger logger);

    [LoggerMessage(EventId = EventIds.Loop.RolledBack, Level = LogLevel.Warning, Message = "Improvement {ImprovementId} regressed its target metric and was rolled back: {Reason}")]
    public static partial void RolledBack(ILogger logger, string improvementId, string reason);

    [LoggerMessage(EventId = EventIds.Loop.DroppedToManual, Level = LogLevel.Warning, Message = "{Count} automatic rollbacks in a row: the loop now runs in Manual mode until a person resets it.")]
    public static partial void DroppedToManual(ILogger logger, int count);

    [LoggerMessage(EventId = EventIds.Loop.SchedulerError, Level = LogLevel.Error, Message = "The scheduled loop hit an error; it keeps running.")]
    public static partial void SchedulerError(ILogger logger, Exception exception);

    [LoggerMessage(EventId = EventIds.Loop.Started, Level = LogLevel.Information, Message = "Feedback loop started; schedule: {Schedule}; next run: {NextRun}.")]
    public static partial void Started(ILogger logger, string schedule, DateTimeOffset? nextRun);

    [LoggerMessage(EventId = EventIds.Loop.Recovered, Level = LogLevel.Information, Message = "Recovery at start: {Reconciled} interrupted applies reconciled, {Aborted} aborted, {TempFiles} temp files removed.")]
    public static partial void Recovered(ILogger logger, int reconciled, int aborted, int tempFiles);

    [LoggerMessage(EventId = EventIds.Loop.AlertsFailed, Level = LogLevel.Warning, Message = "The cycle's alert step failed; the cycle goes on without alerts.")]
    public static partial void AlertsFailed(ILogger logger, Exception exception);
}
