using Alpha.Learning.Storage;

using Microsoft.Extensions.Logging;

namespace Alpha.Learning.Loop.Internal;

/// <summary>Retention: what the store keeps is purged after each completed cycle (<see cref="FeedbackLoopOptions.Retention"/>).</summary>
internal static class Retention
{
    /// <summary>
    /// Purges what is older than the retention. A purge that fails is logged and does not fail the cycle: the next
    /// cycle tries again.
    /// </summary>
    public static async Task ApplyAsync(ILearningStore store, FeedbackLoopOptions options, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        if (options.Retention is not { } retention)
        {
            return;
        }

        try
        {
            var removed = await store.PurgeAsync(time.GetUtcNow() - retention, cancellationToken).ConfigureAwait(false);
            RetentionLog.Purged(logger, retention.TotalDays, removed.Patterns, removed.Improvements, removed.Metrics, removed.CycleRuns);
        }
        catch (LearningStoreException ex)
        {
            RetentionLog.PurgeFailed(logger, ex);
        }
    }
}
