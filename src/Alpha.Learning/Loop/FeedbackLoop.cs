using Alpha.Learning.Alerts;
using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;
using Alpha.Learning.Logs;
using Alpha.Learning.Loop.Internal;
using Alpha.Learning.Storage;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Alpha.Learning.Loop;

/// <summary>
/// The feedback loop: on a schedule (or when triggered) it analyses the logs, stores what it found, applies or
/// queues the recommendations as the mode allows, verifies earlier improvements against their baselines, rolls back
/// the ones that made things worse, and records everything in the learning store.
/// </summary>
/// <remarks>
/// Two cycles never run at once: in one process a lock serialises them, across processes sharing the store a lease
/// does. Quotas, cooldowns and pending approvals live in the store, so a restart does not reset them.
/// </remarks>
public sealed class FeedbackLoop : IAsyncDisposable, IDisposable
{
    /// <summary>The key of the learning store's loop state that holds the mode of the last cycle (<c>manual</c>, <c>semi_auto</c>, <c>full_auto</c>).</summary>
    public const string ModeStateKey = "loop.mode";

    private readonly ImprovementExecutor _executor;
    private readonly ILearningStore _store;
    private readonly IFeedbackLoopScheduler _scheduler;
    private readonly FeedbackLoopOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _cycleLock = new(1, 1);
    private readonly CycleLease _lease;
    private readonly CycleRunner _runner;
    private readonly Lock _stateLock = new();
    private CancellationTokenSource? _stopping;
    private Task? _running;
    private long _cycleCount;
    private DateTimeOffset? _lastCycle;
    private DateTimeOffset? _nextRun;
    private FeedbackLoopMode _effectiveMode;
    private long _cyclesRun;
    private long _cyclesFailed;

    /// <summary>Initializes a new instance of the <see cref="FeedbackLoop"/> class.</summary>
    /// <param name="analyzer">Finds patterns and recommendations.</param>
    /// <param name="source">The log source (read again to measure metrics for verification).</param>
    /// <param name="executor">Applies, queues and rolls back improvements.</param>
    /// <param name="configStore">The host's configuration, read before each cycle's analysis so the rules plan against the values it holds; <see langword="null"/> to let them assume their defaults.</param>
    /// <param name="store">Keeps everything the loop learns.</param>
    /// <param name="scheduler">Decides when cycles run.</param>
    /// <param name="options">The loop's options (validated here).</param>
    /// <param name="analysisOptions">The analysis options (timeout and error classification for metrics).</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">The logger, if any.</param>
    /// <param name="alerts">
    /// Publishes each cycle's regressions, new error templates and trends through the alert sinks (the regression
    /// detector must be among the analyzer's detectors), or <see langword="null"/> for no alerts from the loop.
    /// </param>
    public FeedbackLoop(
        LogAnalyzer analyzer,
        ILogSource source,
        ImprovementExecutor executor,
        IConfigStore? configStore,
        ILearningStore store,
        IFeedbackLoopScheduler scheduler,
        IOptions<FeedbackLoopOptions> options,
        IOptions<AnalysisOptions> analysisOptions,
        TimeProvider timeProvider,
        ILogger<FeedbackLoop>? logger = null,
        AlertPublisher? alerts = null)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(executor);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(analysisOptions);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var errors = FeedbackLoopOptionsValidator.Check(options.Value);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(nameof(FeedbackLoopOptions), typeof(FeedbackLoopOptions), errors);
        }

        _executor = executor;
        _store = store;
        _scheduler = scheduler;
        _options = options.Value;
        _time = timeProvider;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        (_lease, _runner) = LoopParts.Create(analyzer, source, executor, configStore, store, _options, analysisOptions.Value, timeProvider, _logger, alerts);
        _effectiveMode = _options.Mode;
    }

    /// <summary>Raised after every cycle that ran (completed or failed), with its report.</summary>
    public event EventHandler<CycleReport>? CycleCompleted;

    /// <summary>Recovers interrupted applies, then runs cycles on the schedule until <see cref="StopAsync"/>.</summary>
    /// <param name="cancellationToken">Stops the start.</param>
    /// <returns>A task that completes when the loop has started.</returns>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        lock (_stateLock)
        {
            if (_running is not null)
            {
                return;
            }

            _stopping = new CancellationTokenSource();
        }

        var recovery = await _executor.RecoverAsync(cancellationToken).ConfigureAwait(false);
        Log.Recovered(_logger, recovery.Reconciled, recovery.Aborted, recovery.TempFilesRemoved);
        await RefreshStateAsync(cancellationToken).ConfigureAwait(false);
        var stop = _stopping!.Token;
        lock (_stateLock)
        {
            _nextRun = _scheduler.GetNextRun(_time.GetUtcNow());
            _running = Task.Run(() => RunScheduleAsync(stop), CancellationToken.None);
        }

        Log.Started(_logger, _scheduler.Description, _nextRun);
        await BeatAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the scheduled loop, letting a running cycle finish (or be cancelled by <paramref name="cancellationToken"/>).</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the loop has stopped.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        Task? running;
        CancellationTokenSource? stopping;
        lock (_stateLock)
        {
            running = _running;
            stopping = _stopping;
            _running = null;
            _stopping = null;
            _nextRun = null;
        }

        if (running is null || stopping is null)
        {
            return;
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

        await BeatAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Runs one cycle now.</summary>
    /// <param name="cancellationToken">Stops the cycle.</param>
    /// <returns>The cycle's report.</returns>
    public Task<CycleReport> RunCycleAsync(CancellationToken cancellationToken) => RunCycleAsync(dryRun: false, cancellationToken);

    /// <summary>Runs one cycle now; with <paramref name="dryRun"/> every change is only planned (nothing written, nothing queued).</summary>
    /// <param name="dryRun">Whether to only plan.</param>
    /// <param name="cancellationToken">Stops the cycle.</param>
    /// <returns>The cycle's report.</returns>
    public async Task<CycleReport> RunCycleAsync(bool dryRun = false, CancellationToken cancellationToken = default)
    {
        await _cycleLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await _runner.RunAsync(dryRun, RefreshModeAsync, Completed, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _cycleLock.Release();
        }
    }

    /// <summary>Runs one cycle now, outside the schedule (the same as <see cref="RunCycleAsync(CancellationToken)"/>).</summary>
    /// <param name="cancellationToken">Stops the cycle.</param>
    /// <returns>The cycle's report.</returns>
    public Task<CycleReport> ManualTriggerAsync(CancellationToken cancellationToken = default) => RunCycleAsync(cancellationToken);

    /// <summary>Rolls back the most recently applied improvement.</summary>
    /// <param name="cancellationToken">Stops the rollback.</param>
    /// <returns>What happened; unsuccessful with a reason when nothing is applied.</returns>
    public async Task<RollbackResult> RollbackLastImprovementAsync(CancellationToken cancellationToken = default)
    {
        var applied = await _store.GetImprovementsAsync(ImprovementStatus.Applied, null, 1, cancellationToken).ConfigureAwait(false);
        if (applied.Count == 0)
        {
            return new RollbackResult { Success = false, Reason = "No improvement is applied: there is nothing to roll back." };
        }

        return await _executor.RollbackImprovementAsync(applied[0].Id, force: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Approves and applies an improvement that waits for approval.</summary>
    /// <param name="improvementId">The improvement's id.</param>
    /// <param name="cancellationToken">Stops the apply.</param>
    /// <returns>What happened.</returns>
    public Task<ImprovementResult> ApproveAsync(string improvementId, CancellationToken cancellationToken = default) =>
        _executor.ApproveAsync(improvementId, cancellationToken);

    /// <summary>Rejects an improvement that waits for approval.</summary>
    /// <param name="improvementId">The improvement's id.</param>
    /// <param name="reason">Why, for the record.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>Whether it was pending and is now rejected.</returns>
    public Task<bool> RejectAsync(string improvementId, string? reason = null, CancellationToken cancellationToken = default) =>
        _executor.RejectAsync(improvementId, reason, cancellationToken);

    /// <summary>Leaves Manual mode after the loop dropped to it because of repeated automatic rollbacks.</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>A task that completes when the mode is reset.</returns>
    public async Task ResetModeAsync(CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        await _store.SetStateAsync(LoopStateKeys.ModeOverride, null, now, cancellationToken).ConfigureAwait(false);
        await _store.SetStateAsync(LoopStateKeys.ConsecutiveRollbacks, "0", now, cancellationToken).ConfigureAwait(false);
        lock (_stateLock)
        {
            _effectiveMode = _options.Mode;
        }
    }

    /// <summary>Returns the loop's state.</summary>
    /// <returns>A snapshot.</returns>
    public FeedbackLoopStatus GetStatus()
    {
        lock (_stateLock)
        {
            return new FeedbackLoopStatus
            {
                Running = _running is not null,
                Mode = _effectiveMode,
                ConfiguredMode = _options.Mode,
                CycleCount = _cycleCount,
                LastCycle = _lastCycle,
                NextRun = _nextRun,
                Schedule = _scheduler.Description,
            };
        }
    }

    /// <summary>Returns the figures of the loop, the store and the executor.</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The figures.</returns>
    public async Task<FeedbackLoopStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default)
    {
        await RefreshStateAsync(cancellationToken).ConfigureAwait(false);
        var store = await _store.GetStatisticsAsync(cancellationToken).ConfigureAwait(false);
        var executor = await _executor.GetStatisticsAsync(cancellationToken).ConfigureAwait(false);
        var pending = await _store.GetImprovementsAsync(ImprovementStatus.PendingApproval, null, 10_000, cancellationToken).ConfigureAwait(false);
        return new FeedbackLoopStatistics
        {
            Status = GetStatus(),
            CyclesRun = Interlocked.Read(ref _cyclesRun),
            CyclesFailed = Interlocked.Read(ref _cyclesFailed),
            AppliedToday = executor.AppliedToday, // the executor owns the quota day (DST-correct, in its time zone)
            PendingApproval = pending.Count,
            Store = store,
            Executor = executor,
        };
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _cycleLock.Dispose();
    }

    /// <summary>Stops the scheduled loop without waiting for a running cycle (prefer <see cref="DisposeAsync"/>).</summary>
    public void Dispose()
    {
        CancellationTokenSource? stopping;
        lock (_stateLock)
        {
            stopping = _stopping;
            _running = null;
            _stopping = null;
            _nextRun = null;
        }

        // Cancelled but not disposed: the background task may still observe its token.
        stopping?.Cancel();
    }

    private async Task RunScheduleAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            DateTimeOffset? next;
            lock (_stateLock)
            {
                next = _nextRun;
            }

            try
            {
                if (next is null)
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, _time, stop).ConfigureAwait(false);
                    continue;
                }

                var delay = next.Value - _time.GetUtcNow();
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, _time, stop).ConfigureAwait(false);
                }

                await RunCycleAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The scheduled loop must survive any failure of one cycle.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.SchedulerError(_logger, ex);
            }

            lock (_stateLock)
            {
                // From the end of this cycle: runs missed while paused or while the cycle ran collapse into one.
                _nextRun = _scheduler.GetNextRun(_time.GetUtcNow());
            }

            await BeatAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    // The heartbeat in the store (status shows whether a loop runs and when its next cycle is due); never fails the loop.
    private async Task BeatAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset? next;
        bool running;
        lock (_stateLock)
        {
            next = _nextRun;
            running = _running is not null;
        }

        await LoopParts.BeatAsync(_store, _lease.Owner, running, _time.GetUtcNow(), next, _logger, cancellationToken).ConfigureAwait(false);
    }

    private async Task<FeedbackLoopMode> RefreshModeAsync(CancellationToken cancellationToken)
    {
        await RefreshStateAsync(cancellationToken).ConfigureAwait(false);
        return GetStatus().Mode;
    }

    private void Completed(CycleReport report)
    {
        Interlocked.Increment(ref _cyclesRun);
        if (report.Status == CycleStatus.Failed)
        {
            Interlocked.Increment(ref _cyclesFailed);
        }

        CycleCompleted?.Invoke(this, report);
    }

    private async Task RefreshStateAsync(CancellationToken cancellationToken)
    {
        var count = await _store.GetCycleCountAsync(cancellationToken).ConfigureAwait(false);
        var last = await _store.GetLastCycleAsync(cancellationToken).ConfigureAwait(false);
        var overridden = await _store.GetStateAsync(LoopStateKeys.ModeOverride, cancellationToken).ConfigureAwait(false);
        lock (_stateLock)
        {
            _cycleCount = count;
            _lastCycle = last?.StartedAt;
            _effectiveMode = overridden == "manual" ? FeedbackLoopMode.Manual : _options.Mode;
        }
    }
}
