using Microsoft.Extensions.Logging;

namespace Alpha.Learning.Loop.Internal;

/// <summary>
/// The scheduled side of the <see cref="FeedbackLoop"/>: the background task that waits for the scheduler's next run,
/// runs a cycle, and plans the next one from the end of that cycle; started and stopped by the façade.
/// </summary>
internal sealed class LoopSchedule(IFeedbackLoopScheduler scheduler, TimeProvider time, ILogger logger) : IDisposable
{
    private readonly Lock _lock = new();
    private CancellationTokenSource? _stopping;
    private Task? _running;
    private DateTimeOffset? _nextRun;

    /// <summary>Gets the scheduler's description.</summary>
    public string Description => scheduler.Description;

    /// <summary>Returns whether the scheduled loop runs and when its next cycle is due.</summary>
    /// <returns>The two, read together.</returns>
    public (bool Running, DateTimeOffset? NextRun) Snapshot()
    {
        lock (_lock)
        {
            return (_running is not null, _nextRun);
        }
    }

    /// <summary>Claims the start: <see langword="false"/> when the loop already runs.</summary>
    /// <returns>Whether the caller goes on to <see cref="Launch"/>.</returns>
    public bool BeginStart()
    {
        lock (_lock)
        {
            if (_running is not null)
            {
                return false;
            }

            _stopping = new CancellationTokenSource();
            return true;
        }
    }

    /// <summary>Starts the background task after <see cref="BeginStart"/>.</summary>
    /// <param name="runCycle">Runs one cycle.</param>
    /// <param name="beat">Writes the heartbeat after each cycle; never throws.</param>
    /// <returns>The next run planned.</returns>
    public DateTimeOffset? Launch(Func<CancellationToken, Task> runCycle, Func<CancellationToken, Task> beat)
    {
        lock (_lock)
        {
            var stop = _stopping!.Token;
            _nextRun = scheduler.GetNextRun(time.GetUtcNow());
            _running = Task.Run(() => RunAsync(runCycle, beat, stop), CancellationToken.None);
            return _nextRun;
        }
    }

    /// <summary>Stops the background task, letting a running cycle finish (or be cancelled by <paramref name="cancellationToken"/>).</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns><see langword="true"/> when a loop was running and has stopped.</returns>
    public async Task<bool> StopAsync(CancellationToken cancellationToken)
    {
        Task? running;
        CancellationTokenSource? stopping;
        lock (_lock)
        {
            running = _running;
            stopping = _stopping;
            _running = null;
            _stopping = null;
            _nextRun = null;
        }

        if (running is null || stopping is null)
        {
            return false;
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await running.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The loop ended by its own cancellation.
        }
        finally
        {
            stopping.Dispose();
        }

        return true;
    }

    /// <summary>Cancels the background task without waiting for it (<see cref="StopAsync"/> waits, and disposes what it stopped).</summary>
    public void Dispose()
    {
        CancellationTokenSource? stopping;
        lock (_lock)
        {
            stopping = _stopping;
            _running = null;
            _stopping = null;
            _nextRun = null;
        }

        // Cancelled but not disposed: the background task may still observe its token.
        stopping?.Cancel();
    }

    private async Task RunAsync(Func<CancellationToken, Task> runCycle, Func<CancellationToken, Task> beat, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            DateTimeOffset? next;
            lock (_lock)
            {
                next = _nextRun;
            }

            try
            {
                if (next is null)
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, time, stop).ConfigureAwait(false);
                    continue;
                }

                var delay = next.Value - time.GetUtcNow();
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, time, stop).ConfigureAwait(false);
                }

                await runCycle(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The scheduled loop must survive any failure of one cycle.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.SchedulerError(logger, ex);
            }

            lock (_lock)
            {
                // From the end of this cycle: runs missed while paused or while the cycle ran collapse into one.
                _nextRun = scheduler.GetNextRun(time.GetUtcNow());
            }

            await beat(CancellationToken.None).ConfigureAwait(false);
        }
    }
}
