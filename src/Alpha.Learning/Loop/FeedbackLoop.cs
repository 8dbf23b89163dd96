using System.Globalization;
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
public sealed partial class FeedbackLoop : IAsyncDisposable, IDisposable
{
    private const string LeaseName = "feedback-loop-cycle";
    private const string ModeOverrideKey = "loop.mode_override";

    /// <summary>The key of the learning store's loop state that holds the mode of the last cycle (<c>manual</c>, <c>semi_auto</c>, <c>full_auto</c>).</summary>
    public const string ModeStateKey = "loop.mode";
    private const string ConsecutiveRollbacksKey = "loop.consecutive_auto_rollbacks";
    private const string CorrelationType = "pattern_action_effect";

    private readonly LogAnalyzer _analyzer;
    private readonly ILogSource _source;
    private readonly ImprovementExecutor _executor;
    private readonly ILearningStore _store;
    private readonly IFeedbackLoopScheduler _scheduler;
    private readonly FeedbackLoopOptions _options;
    private readonly AnalysisOptions _analysisOptions;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _cycleLock = new(1, 1);
    private readonly string _owner = string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}:{Guid.NewGuid():N}");
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
    /// <param name="store">Keeps everything the loop learns.</param>
    /// <param name="scheduler">Decides when cycles run.</param>
    /// <param name="options">The loop's options (validated here).</param>
    /// <param name="analysisOptions">The analysis options (timeout and error classification for metrics).</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">The logger, if any.</param>
    public FeedbackLoop(
        LogAnalyzer analyzer,
        ILogSource source,
        ImprovementExecutor executor,
        ILearningStore store,
        IFeedbackLoopScheduler scheduler,
        IOptions<FeedbackLoopOptions> options,
        IOptions<AnalysisOptions> analysisOptions,
        TimeProvider timeProvider,
        ILogger<FeedbackLoop>? logger = null)
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

        _analyzer = analyzer;
        _source = source;
        _executor = executor;
        _store = store;
        _scheduler = scheduler;
        _options = options.Value;
        _analysisOptions = analysisOptions.Value;
        _time = timeProvider;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
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
            return await RunCycleLockedAsync(dryRun, cancellationToken).ConfigureAwait(false);
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
        await _store.SetStateAsync(ModeOverrideKey, null, now, cancellationToken).ConfigureAwait(false);
        await _store.SetStateAsync(ConsecutiveRollbacksKey, "0", now, cancellationToken).ConfigureAwait(false);
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
        }
    }

    private async Task RefreshStateAsync(CancellationToken cancellationToken)
    {
        var count = await _store.GetCycleCountAsync(cancellationToken).ConfigureAwait(false);
        var last = await _store.GetLastCycleAsync(cancellationToken).ConfigureAwait(false);
        var overridden = await _store.GetStateAsync(ModeOverrideKey, cancellationToken).ConfigureAwait(false);
        lock (_stateLock)
        {
            _cycleCount = count;
            _lastCycle = last?.StartedAt;
            _effectiveMode = overridden == "manual" ? FeedbackLoopMode.Manual : _options.Mode;
        }
    }

    private async Task<CycleReport> RunCycleLockedAsync(bool dryRun, CancellationToken cancellationToken)
    {
        var attemptedAt = _time.GetUtcNow();
        if (!await _store.TryAcquireLeaseAsync(LeaseName, _owner, attemptedAt, _options.CycleLeaseDuration, cancellationToken).ConfigureAwait(false))
        {
            await RefreshStateAsync(cancellationToken).ConfigureAwait(false);
            Log.CycleSkipped(_logger);
            Telemetry.Cycles.Add(1, new KeyValuePair<string, object?>("status", "skipped"));
            return new CycleReport
            {
                CycleNumber = 0,
                Status = CycleStatus.Skipped,
                Reason = "Another cycle is running (it holds the cycle lease in the store).",
                Mode = GetStatus().Mode,
                DryRun = dryRun,
                StartedAt = attemptedAt,
                FinishedAt = _time.GetUtcNow(),
            };
        }

        try
        {
            // Only now, holding the lease, are the start time and the mode read: a cycle that finished elsewhere
            // while this one waited may have dropped the loop to Manual, and this cycle starts after it ended.
            var startedAt = _time.GetUtcNow();
            await RefreshStateAsync(cancellationToken).ConfigureAwait(false);
            var mode = GetStatus().Mode;
            var run = await _store.StartCycleAsync(startedAt, _owner, cancellationToken).ConfigureAwait(false);
            await _store.SetStateAsync(ModeStateKey, EnumNames.ToName(mode), startedAt, cancellationToken).ConfigureAwait(false);
            var cycle = new CycleState(run.CycleNumber, mode, dryRun, startedAt);
            Log.CycleStarted(_logger, cycle.Number, mode);
            try
            {
                await RunStepsAsync(cycle, cancellationToken).ConfigureAwait(false);
                var report = cycle.ToReport(CycleStatus.Completed, cycle.Notes.Count > 0 ? string.Join(" ", cycle.Notes) : null, _time.GetUtcNow());
                await _store.FinishCycleAsync(cycle.Number, CycleRunStatus.Completed, report.Reason, report.ToJson(), report.FinishedAt, CancellationToken.None).ConfigureAwait(false);
                await ApplyRetentionAsync(cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref _cyclesRun);
                Telemetry.Cycles.Add(1, new KeyValuePair<string, object?>("status", "completed"));
                int applied = report.Count("applied"), pending = report.Count("pending_approval"), failed = report.Count("failed"), skipped = report.Count("skipped");
                Log.CycleFinished(_logger, cycle.Number, applied, pending, failed, skipped, report.Verifications.Count);
                CycleCompleted?.Invoke(this, report);
                return report;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Log.CycleFailed(_logger, ex, cycle.Number, cycle.Step);
                var report = cycle.ToReport(CycleStatus.Failed, $"The step '{cycle.Step}' failed: {ex.Message}", _time.GetUtcNow());
                await _store.FinishCycleAsync(cycle.Number, CycleRunStatus.Failed, report.Reason, report.ToJson(), report.FinishedAt, CancellationToken.None).ConfigureAwait(false);
                Interlocked.Increment(ref _cyclesRun);
                Interlocked.Increment(ref _cyclesFailed);
                Telemetry.Cycles.Add(1, new KeyValuePair<string, object?>("status", "failed"));
                CycleCompleted?.Invoke(this, report);
                return report;
            }
            catch (OperationCanceledException)
            {
                await _store.FinishCycleAsync(cycle.Number, CycleRunStatus.Cancelled, "The cycle was cancelled.", null, _time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            await _store.ReleaseLeaseAsync(LeaseName, _owner, CancellationToken.None).ConfigureAwait(false);
            await RefreshStateAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task RunStepsAsync(CycleState cycle, CancellationToken cancellationToken)
    {
        var now = cycle.StartedAt;
        var from = now.AddDays(-_options.AnalysisWindowDays);
        var query = new LogQuery { Paths = [.. _options.LogPaths], From = from, To = null };

        cycle.Step = "analysis";
        AnalysisResult analysis;
        using (Telemetry.Source.StartActivity("alpha_learning.analysis"))
        {
            analysis = await _analyzer.AnalyzeLogsAsync(query, cancellationToken).ConfigureAwait(false);
        }

        cycle.Analysis = analysis;
        Telemetry.Patterns.Add(analysis.Patterns.Count);

        cycle.Step = "store_patterns";
        await KeepLeaseAsync(cycle, cancellationToken).ConfigureAwait(false);
        using (Telemetry.Source.StartActivity("alpha_learning.store_patterns"))
        {
            await _store.StorePatternsAsync(analysis.Patterns, cycle.Number, now, cancellationToken).ConfigureAwait(false);
            await _store.ExpirePendingApprovalsAsync(now - _options.PendingApprovalExpiry, now, cancellationToken).ConfigureAwait(false);
        }

        cycle.Step = "improvements";
        var newlyApplied = new List<ImprovementRecord>();
        using (Telemetry.Source.StartActivity("alpha_learning.improvements"))
        {
            var correlations = await _store.GetCorrelationsAsync(CorrelationType, null, cancellationToken).ConfigureAwait(false);
            var applied = 0;
            foreach (var recommendation in analysis.Recommendations)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await KeepLeaseAsync(cycle, cancellationToken).ConfigureAwait(false);
                var item = await HandleAsync(cycle, recommendation, correlations, applied, cancellationToken).ConfigureAwait(false);
                cycle.Items.Add(item.Item);
                if (item.Applied is { } record)
                {
                    applied++;
                    newlyApplied.Add(record);
                }
            }
        }

        cycle.Step = "verification";
        await KeepLeaseAsync(cycle, cancellationToken).ConfigureAwait(false);
        using (Telemetry.Source.StartActivity("alpha_learning.verification"))
        {
            await VerifyAsync(cycle, query, newlyApplied, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<(CycleImprovementItem Item, ImprovementRecord? Applied)> HandleAsync(
        CycleState cycle,
        ImprovementRecommendation recommendation,
        IReadOnlyList<Correlation> correlations,
        int appliedSoFar,
        CancellationToken cancellationToken)
    {
        CycleImprovementItem Item(string action, string reason, ImprovementResult? result = null) => new()
        {
            RecommendationId = recommendation.Id,
            ImprovementId = result?.Improvement?.Id,
            Title = recommendation.Title,
            Action = action,
            Reason = reason,
            Changes = result?.Changes is { Count: > 0 } changes ? changes : recommendation.Changes,
        };

        if (recommendation.IsAdvisory)
        {
            return (Item("skipped", "For a person: " + (recommendation.Note ?? recommendation.Rationale)), null);
        }

        var confidence = AdjustedConfidence(recommendation, correlations);
        if (confidence < _options.MinConfidence)
        {
            return (Item("skipped", FormattableString.Invariant($"Confidence {confidence:0.00} is below MinConfidence {_options.MinConfidence:0.00}.")), null);
        }

        if (cycle.DryRun)
        {
            var dry = await _executor.ApplyRecommendationAsync(recommendation, new ApplyOptions { DryRun = true, CycleNumber = cycle.Number }, cancellationToken).ConfigureAwait(false);
            return (Map(dry, Item), null);
        }

        var queue = cycle.Mode == FeedbackLoopMode.Manual || (cycle.Mode == FeedbackLoopMode.SemiAuto && recommendation.Risk == RiskLevel.Risky);
        if (queue)
        {
            var why = cycle.Mode == FeedbackLoopMode.Manual ? "Manual mode: every change waits for approval." : "A risky change waits for approval in SemiAuto mode.";
            var queued = await _executor.QueueForApprovalAsync(recommendation, why, cycle.Number, cancellationToken).ConfigureAwait(false);
            if (queued.Outcome == ImprovementOutcome.PendingApproval)
            {
                Telemetry.Pending.Add(1);
            }

            return (Map(queued, Item), null);
        }

        if (appliedSoFar >= _options.MaxChangesPerCycle)
        {
            return (Item("skipped", $"The cycle already applied MaxChangesPerCycle ({_options.MaxChangesPerCycle}) changes; it is proposed again next cycle."), null);
        }

        if (_options.DryRunFirst)
        {
            var dry = await _executor.ApplyRecommendationAsync(recommendation, new ApplyOptions { DryRun = true, CycleNumber = cycle.Number }, cancellationToken).ConfigureAwait(false);
            if (dry.Outcome != ImprovementOutcome.DryRun)
            {
                return (Map(dry, Item), null);
            }
        }

        var result = await _executor.ApplyRecommendationAsync(recommendation, new ApplyOptions { CycleNumber = cycle.Number }, cancellationToken).ConfigureAwait(false);
        if (result.Outcome == ImprovementOutcome.Applied)
        {
            Telemetry.Applied.Add(1);
        }

        return (Map(result, Item), result.Outcome == ImprovementOutcome.Applied ? result.Improvement : null);
    }

    private static CycleImprovementItem Map(ImprovementResult result, Func<string, string, ImprovementResult?, CycleImprovementItem> item) => result.Outcome switch
    {
        ImprovementOutcome.Applied => item("applied", result.Reason, result),
        ImprovementOutcome.DryRun => item("dry_run", result.Reason, result),
        ImprovementOutcome.PendingApproval => item("pending_approval", result.Reason, result),
        ImprovementOutcome.Failed or ImprovementOutcome.Conflict => item("failed", result.Reason, result),
        _ => item("skipped", result.Reason, result),
    };

    /// <summary>
    /// Confidence adjusted by what verification learned about this kind of change: the average effect of earlier
    /// verdicts for the same pattern type and action (+1 improved, 0 unchanged, −1 regressed) moves it by up to 0.2,
    /// weighted by how many verdicts there are (full weight from 5).
    /// </summary>
    private static double AdjustedConfidence(ImprovementRecommendation recommendation, IReadOnlyList<Correlation> correlations)
    {
        var source = EnumNames.ToName(recommendation.PatternType);
        var target = EnumNames.ToName(recommendation.ActionType);
        foreach (var c in correlations)
        {
            if (c.Source == source && c.Target == target)
            {
                var weight = Math.Min(1.0, c.SampleSize / 5.0);
                return Math.Clamp(recommendation.Confidence + (0.2 * c.Score * weight), 0, 1);
            }
        }

        return recommendation.Confidence;
    }

    private async Task VerifyAsync(CycleState cycle, LogQuery query, List<ImprovementRecord> newlyApplied, CancellationToken cancellationToken)
    {
        var applied = await _store.GetImprovementsAsync(ImprovementStatus.Applied, null, 500, cancellationToken).ConfigureAwait(false);
        var newIds = newlyApplied.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var waiting = applied
            .Where(r => !newIds.Contains(r.Id) && r.TargetMetric != TargetMetric.None && r.AppliedAt is not null
                && r.Verdict is VerificationVerdict.None or VerificationVerdict.InsufficientData)
            .ToList();
        var targets = newlyApplied.Where(r => r.TargetMetric != TargetMetric.None)
            .Select(r => new VerificationTarget(r, r.AppliedAt ?? cycle.StartedAt))
            .Concat(waiting.Select(r => new VerificationTarget(r, r.AppliedAt!.Value)))
            .ToList();

        // One pass for this cycle's metrics and for every comparison.
        var collector = new MetricsCollector(_analysisOptions, targets);
        await foreach (var e in _source.ReadAsync(query, null, cancellationToken).ConfigureAwait(false))
        {
            collector.Observe(e);
        }

        var now = _time.GetUtcNow();
        var metrics = collector.ToMetrics(now, cycle.Number);
        cycle.MetricsStored = await _store.StoreMetricsAsync(metrics, cancellationToken).ConfigureAwait(false);

        foreach (var target in collector.Targets)
        {
            var improvement = target.Improvement;
            if (newIds.Contains(improvement.Id))
            {
                await _store.StoreBaselineAsync(new VerificationBaseline
                {
                    ImprovementId = improvement.Id,
                    Metric = improvement.TargetMetric,
                    SampleSize = target.Before.Total,
                    Data = target.Before.ToJson(),
                    CapturedAt = now,
                }, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var stored = await _store.GetBaselineAsync(improvement.Id, improvement.TargetMetric, cancellationToken).ConfigureAwait(false);
            // The baseline captured at apply time, unless this pass saw more events from before the change (a baseline
            // captured the day a problem first appeared may be too thin to ever reach a verdict).
            var captured = stored is null ? null : MetricSample.FromJson(stored.Data);
            var baseline = captured is null || target.Before.Total > captured.Total ? target.Before : captured;
            var verdict = Verifier.Compare(improvement.TargetMetric, baseline, target.After, _options.MinVerificationSamples, _options.VerificationSignificance);
            await _store.StoreVerificationAsync(new VerificationResult
            {
                ImprovementId = improvement.Id,
                Metric = improvement.TargetMetric,
                Verdict = verdict.Value,
                PValue = verdict.PValue,
                Effect = verdict.Effect,
                BaselineSize = verdict.Before,
                AfterSize = verdict.After,
                Details = verdict.Details,
                At = now,
            }, cancellationToken).ConfigureAwait(false);

            string? action = null;
            if (verdict.Value != VerificationVerdict.InsufficientData)
            {
                cycle.CorrelationsStored += await UpdateCorrelationAsync(improvement, verdict.Value, now, cancellationToken).ConfigureAwait(false);
            }

            if (verdict.Value == VerificationVerdict.Regressed)
            {
                action = await HandleRegressionAsync(cycle, improvement, verdict, cancellationToken).ConfigureAwait(false);
            }
            else if (verdict.Value is VerificationVerdict.Improved or VerificationVerdict.Unchanged)
            {
                await _store.SetStateAsync(ConsecutiveRollbacksKey, "0", now, cancellationToken).ConfigureAwait(false);
            }

            cycle.Verifications.Add(new CycleVerificationItem
            {
                ImprovementId = improvement.Id,
                Metric = improvement.TargetMetric,
                Verdict = EnumNames.ToName(verdict.Value),
                PValue = verdict.PValue,
                Before = verdict.Before,
                After = verdict.After,
                Action = action,
            });
        }
    }

    private async Task<string?> HandleRegressionAsync(CycleState cycle, ImprovementRecord improvement, Verdict verdict, CancellationToken cancellationToken)
    {
        if (!_options.EnableRollback)
        {
            return null;
        }

        if (cycle.Mode == FeedbackLoopMode.Manual)
        {
            cycle.Notes.Add($"Improvement {improvement.Id} made {EnumNames.ToName(improvement.TargetMetric)} worse: roll it back with 'alpha-learn rollback {improvement.Id}'.");
            return "rollback_proposed";
        }

        await KeepLeaseAsync(cycle, cancellationToken).ConfigureAwait(false);
        var rollback = await _executor.RollbackImprovementAsync(improvement.Id, force: false, cancellationToken).ConfigureAwait(false);
        if (!rollback.Success)
        {
            cycle.Notes.Add($"Improvement {improvement.Id} regressed but could not be rolled back: {rollback.Reason}");
            return "rollback_failed";
        }

        Telemetry.RolledBack.Add(1);
        Log.RolledBack(_logger, improvement.Id, verdict.Details);
        var now = _time.GetUtcNow();
        var text = await _store.GetStateAsync(ConsecutiveRollbacksKey, cancellationToken).ConfigureAwait(false);
        var consecutive = (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0) + 1;
        await _store.SetStateAsync(ConsecutiveRollbacksKey, consecutive.ToString(CultureInfo.InvariantCulture), now, cancellationToken).ConfigureAwait(false);
        if (consecutive >= _options.MaxConsecutiveRollbacks)
        {
            await _store.SetStateAsync(ModeOverrideKey, "manual", now, cancellationToken).ConfigureAwait(false);
            cycle.Mode = FeedbackLoopMode.Manual;
            cycle.Notes.Add($"{consecutive} automatic rollbacks in a row: the loop now runs in Manual mode until a person resets it.");
            Log.DroppedToManual(_logger, consecutive);
        }

        return "rolled_back";
    }

    /// <summary>
    /// Renews the cycle lease before the next step or change. A cycle that lost it (it expired during a long step or a
    /// pause, and another process may have run a cycle since) stops before it changes anything more.
    /// </summary>
    private async Task KeepLeaseAsync(CycleState cycle, CancellationToken cancellationToken)
    {
        if (!await _store.RenewLeaseAsync(LeaseName, _owner, _time.GetUtcNow(), _options.CycleLeaseDuration, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException(FormattableString.Invariant(
                $"The cycle lost its lease in the store during the step '{cycle.Step}' (it lasted longer than CycleLeaseDuration {_options.CycleLeaseDuration}, and another process may have run a cycle since); it stopped before changing anything more."));
        }
    }

    private async Task<int> UpdateCorrelationAsync(ImprovementRecord improvement, VerificationVerdict verdict, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var source = EnumNames.ToName(improvement.PatternType);
        var target = EnumNames.ToName(improvement.ActionType);
        var effect = verdict switch { VerificationVerdict.Improved => 1.0, VerificationVerdict.Regressed => -1.0, _ => 0.0 };
        var existing = (await _store.GetCorrelationsAsync(CorrelationType, null, cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(c => c.Source == source && c.Target == target);
        var count = (existing?.SampleSize ?? 0) + 1;
        var score = (((existing?.Score ?? 0) * (count - 1)) + effect) / count;
        await _store.StoreCorrelationAsync(new Correlation
        {
            Type = CorrelationType,
            Source = source,
            Target = target,
            Score = score,
            SampleSize = count,
            Details = $"Average verified effect of {target} changes on {source} patterns (+1 improved, 0 unchanged, -1 regressed); last: {EnumNames.ToName(verdict)} for {improvement.Id}.",
            CreatedAt = now,
        }, cancellationToken).ConfigureAwait(false);
        return 1;
    }

    private sealed class CycleState(long number, FeedbackLoopMode mode, bool dryRun, DateTimeOffset startedAt)
    {
        public long Number { get; } = number;

        public FeedbackLoopMode Mode { get; set; } = mode;

        public bool DryRun { get; } = dryRun;

        public DateTimeOffset StartedAt { get; } = startedAt;

        public string Step { get; set; } = "start";

        public AnalysisResult? Analysis { get; set; }

        public List<CycleImprovementItem> Items { get; } = [];

        public List<CycleVerificationItem> Verifications { get; } = [];

        public List<string> Notes { get; } = [];

        public int MetricsStored { get; set; }

        public int CorrelationsStored { get; set; }

        public CycleReport ToReport(CycleStatus status, string? reason, DateTimeOffset finishedAt) => new()
        {
            CycleNumber = Number,
            Status = status,
            Reason = reason,
            Mode = Mode,
            DryRun = DryRun,
            StartedAt = StartedAt,
            FinishedAt = finishedAt,
            EventsAnalyzed = Analysis?.EventsAnalyzed ?? 0,
            MalformedLines = Analysis?.Statistics.Malformed ?? 0,
            Patterns = Analysis?.Patterns ?? [],
            Recommendations = Analysis?.Recommendations ?? [],
            Improvements = Items,
            Verifications = Verifications,
            MetricsStored = MetricsStored,
            CorrelationsStored = CorrelationsStored,
        };
    }
}
