using Alpha.Learning.Loop.Internal;
using Alpha.Learning.Storage;

namespace Alpha.Learning.Loop;

/// <summary>Retention: what the store keeps is purged after each completed cycle.</summary>
public sealed partial class FeedbackLoop
{
    /// <summary>
    /// Purges what is older than <see cref="FeedbackLoopOptions.Retention"/>. A purge that fails is logged and does not
    /// fail the cycle: the next cycle tries again.
    /// </summary>
    private async Task ApplyRetentionAsync(CancellationToken cancellationToken)
    {
        if (_options.Retention is not { } retention)
        {
            return;
        }

        try
        {
            var removed = await _store.PurgeAsync(_time.GetUtcNow() - retention, cancellationToken).ConfigureAwait(false);
            RetentionLog.Purged(_logger, retention.TotalDays, removed.Patterns, removed.Improvements, removed.Metrics, removed.CycleRuns);
        }
        catch (LearningStoreException ex)
        {
            RetentionLog.PurgeFailed(_logger, ex);
        }
    }
}
