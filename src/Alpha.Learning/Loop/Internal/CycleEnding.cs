using Alpha.Learning.Storage;

using Microsoft.Extensions.Logging;

namespace Alpha.Learning.Loop.Internal;

/// <summary>
/// The end of a cycle that failed or was cancelled: recording it in the store may fail too (a full disk is often why
/// the cycle failed), and neither that nor a failed release may hide the cycle's own outcome or keep the lease held
/// where trying again can free it.
/// </summary>
internal static partial class CycleEnding
{
    public static async Task TryFinishAsync(ILearningStore store, ILogger logger, long cycleNumber, CycleRunStatus status, string? reason, string? report, DateTimeOffset at)
    {
        try
        {
            await store.FinishCycleAsync(cycleNumber, status, reason, report, at, CancellationToken.None).ConfigureAwait(false);
        }
        catch (LearningStoreException ex)
        {
            FinishNotRecorded(logger, ex, cycleNumber);
        }
    }

    public static async Task ReleaseAsync(CycleLease lease, ILogger logger)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await lease.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
                return;
            }
            catch (LearningStoreException ex) when (attempt < 3)
            {
                ReleaseRetried(logger, ex, attempt);
            }
        }
    }

    [LoggerMessage(EventId = 4090, Level = LogLevel.Error, Message = "The end of cycle {CycleNumber} could not be recorded in the learning store; the cycle's own outcome is reported.")]
    private static partial void FinishNotRecorded(ILogger logger, Exception exception, long cycleNumber);

    [LoggerMessage(EventId = 4091, Level = LogLevel.Warning, Message = "Releasing the cycle lease failed (attempt {Attempt}); trying again.")]
    private static partial void ReleaseRetried(ILogger logger, Exception exception, int attempt);
}
