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
    private readonly FeedbackLoopOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _cycleLock = new(1, 1);
    private readonly CycleLease _lease;
    private readonly CycleRunner _runner;
    private readonly LoopSchedule _schedule;
    private readonly LoopModeState _state;

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
        _options = options.Value;
        _time = timeProvider;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        (_lease, _runner) = LoopParts.Create(analyzer, source, executor, configStore, store, _options, analysisOptions.Value, timeProvider, _logger, alerts);
        _schedule = new LoopSchedule(scheduler, timeProvider, _logger);
        _state = new LoopModeState(store, _options.Mode);
    }

    /// <summary>Raised after every cycle that ran (completed or failed), with its report.</summary>
    public event EventHandler<CycleReport>? CycleCompleted;

    /// <summary>Recovers interrupted applies, then runs cycles on the schedule until <see cref="StopAsync"/>.</summary>
    /// <param name="cancellationToken">Stops the start.</param>
    /// <returns>A task that completes when the loop has started.</returns>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (!_schedule.BeginStart())
        {
            return;
        }

        var recovery = await _executor.RecoverAsync(cancellationToken).ConfigureAwait(false);
        Log.Recovered(_logger, recovery.Reconciled, recovery.Aborted, recovery.TempFilesRemoved);
        await _state.RefreshAsync(cancellationToken).ConfigureAwait(false);
        var next = _schedule.Launch(RunCycleAsync, BeatAsync);
        Log.Started(_logger, _schedule.Description, next);
        await BeatAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the scheduled loop, letting a running cycle finish (or be cancelled by <paramref name="cancellationToken"/>).</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the loop has stopped.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (await _schedule.StopAsync(cancellationToken).ConfigureAwait(false))
        {
            await BeatAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Runs one cycle now.</summary>
    /// <param name="cancellationToken">Stops the cycle.</param>
    /// <returns>The cycle's report.</returns>
    public Task<CycleReport> RunCycleAsync(CancellationToken cancellationToken) => RunCycleAsync(options: null, cancellationToken);

    /// <summary>Runs one cycle now; with <see cref="RunCycleOptions.DryRun"/> every change is only planned (nothing written, nothing queued).</summary>
    /// <param name="options">How to run it, or <see langword="null"/> for the defaults (changes are made).</param>
    /// <param name="cancellationToken">Stops the cycle.</param>
    /// <returns>The cycle's report.</returns>
    public async Task<CycleReport> RunCycleAsync(RunCycleOptions? options = null, CancellationToken cancellationToken = default)
    {
        await _cycleLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await _runner.RunAsync(options?.DryRun ?? false, _state.RefreshAsync, Completed, cancellationToken).ConfigureAwait(false);
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

        return await _executor.RollbackImprovementAsync(applied[0].Id, cancellationToken: cancellationToken).ConfigureAwait(false);
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
    public Task ResetModeAsync(CancellationToken cancellationToken = default) => _state.ResetAsync(_time.GetUtcNow(), cancellationToken);

    /// <summary>Returns the loop's state.</summary>
    /// <returns>A snapshot.</returns>
    public FeedbackLoopStatus GetStatus()
    {
        var (running, next) = _schedule.Snapshot();
        var (count, last, mode) = _state.Snapshot();
        return new FeedbackLoopStatus
        {
            Running = running,
            Mode = mode,
            ConfiguredMode = _options.Mode,
            CycleCount = count,
            LastCycle = last,
            NextRun = next,
            Schedule = _schedule.Description,
        };
    }

    /// <summary>Returns the figures of the loop, the store and the executor.</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The figures.</returns>
    public async Task<FeedbackLoopStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default)
    {
        await _state.RefreshAsync(cancellationToken).ConfigureAwait(false);
        var store = await _store.GetStatisticsAsync(cancellationToken).ConfigureAwait(false);
        var executor = await _executor.GetStatisticsAsync(cancellationToken).ConfigureAwait(false);
        var pending = await _store.GetImprovementsAsync(ImprovementStatus.PendingApproval, null, 10_000, cancellationToken).ConfigureAwait(false);
        return new FeedbackLoopStatistics
        {
            Status = GetStatus(),
            CyclesRun = _state.CyclesRun,
            CyclesFailed = _state.CyclesFailed,
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
        _schedule.Dispose();
        _cycleLock.Dispose();
    }

    /// <summary>Stops the scheduled loop without waiting for a running cycle (prefer <see cref="DisposeAsync"/>).</summary>
    public void Dispose() => _schedule.Dispose();

    // The heartbeat in the store (status shows whether a loop runs and when its next cycle is due); never fails the loop.
    private Task BeatAsync(CancellationToken cancellationToken)
    {
        var (running, next) = _schedule.Snapshot();
        return LoopParts.BeatAsync(_store, _lease.Owner, running, _time.GetUtcNow(), next, _logger, cancellationToken);
    }

    private void Completed(CycleReport report)
    {
        _state.Count(report);
        CycleCompleted?.Invoke(this, report);
    }
}
