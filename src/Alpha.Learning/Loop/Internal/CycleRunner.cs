using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;
using Alpha.Learning.Logs;
using Alpha.Learning.Storage;

using Microsoft.Extensions.Logging;

namespace Alpha.Learning.Loop.Internal;

/// <summary>
/// Runs the steps of one cycle: analysis, storing the patterns, handling each recommendation as the mode allows
/// (apply, queue for approval, skip), then verification of earlier improvements.
/// </summary>
internal sealed class CycleRunner(
    LogAnalyzer analyzer,
    ImprovementExecutor executor,
    ILearningStore store,
    FeedbackLoopOptions options,
    CycleLease lease,
    ImprovementVerification verification,
    TimeProvider time,
    ILogger logger,
    IConfigStore? configStore,
    CycleAlerts? alerts = null,
    Fleet.Internal.FleetMember? fleet = null)
{
    private readonly TimeProvider _time = time;
    private readonly ILogger _logger = logger;
    private readonly LogAnalyzer _analyzer = analyzer;
    private readonly ImprovementExecutor _executor = executor;
    private readonly ILearningStore _store = store;
    private readonly FeedbackLoopOptions _options = options;
    private readonly CycleLease _lease = lease;

    /// <summary>Runs one cycle under the lease: a skipped report when another cycle holds it.</summary>
    /// <param name="dryRun">Whether to only plan.</param>
    /// <param name="refreshMode">Refreshes the loop's state from the store and returns the mode a cycle runs in now.</param>
    /// <param name="completed">Told of every cycle that ran (completed or failed), before the lease is released.</param>
    /// <param name="cancellationToken">Stops the cycle.</param>
    public async Task<CycleReport> RunAsync(bool dryRun, Func<CancellationToken, Task<FeedbackLoopMode>> refreshMode, Action<CycleReport> completed, CancellationToken cancellationToken)
    {
        var attemptedAt = _time.GetUtcNow();
        if (fleet is not null && !dryRun)
        {
            // Every instance of a fleet reports its evidence each cycle, whether or not it then leads.
            await fleet.ReportAsync(attemptedAt.AddDays(-_options.AnalysisWindowDays), attemptedAt, cancellationToken).ConfigureAwait(false);
        }

        if (!await _lease.TryAcquireAsync(attemptedAt, cancellationToken).ConfigureAwait(false))
        {
            var current = await refreshMode(cancellationToken).ConfigureAwait(false);
            Log.CycleSkipped(_logger);
            Telemetry.Cycles.Add(1, new KeyValuePair<string, object?>("status", "skipped"));
            return new CycleReport
            {
                CycleNumber = 0,
                Status = CycleStatus.Skipped,
                Reason = "Another cycle is running (it holds the cycle lease in the store).",
                Mode = current,
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
            var mode = await refreshMode(cancellationToken).ConfigureAwait(false);
            var run = await _store.StartCycleAsync(startedAt, _lease.Owner, cancellationToken).ConfigureAwait(false);
            await _store.SetStateAsync(FeedbackLoop.ModeStateKey, EnumNames.ToName(mode), startedAt, cancellationToken).ConfigureAwait(false);
            var cycle = new CycleState(run.CycleNumber, mode, dryRun, startedAt);
            Log.CycleStarted(_logger, cycle.Number, mode);
            try
            {
                await RunStepsAsync(cycle, cancellationToken).ConfigureAwait(false);
                var report = cycle.ToReport(CycleStatus.Completed, cycle.Notes.Count > 0 ? string.Join(" ", cycle.Notes) : null, _time.GetUtcNow());
                await _store.FinishCycleAsync(cycle.Number, CycleRunStatus.Completed, report.Reason, report.ToJson(), report.FinishedAt, CancellationToken.None).ConfigureAwait(false);
                await Retention.ApplyAsync(_store, _options, _time, _logger, cancellationToken).ConfigureAwait(false);
                Telemetry.Cycles.Add(1, new KeyValuePair<string, object?>("status", "completed"));
                int applied = report.Count("applied"), pending = report.Count("pending_approval"), failed = report.Count("failed"), skipped = report.Count("skipped");
                Log.CycleFinished(_logger, cycle.Number, applied, pending, failed, skipped, report.Verifications.Count);
                completed(report);
                return report;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Log.CycleFailed(_logger, ex, cycle.Number, cycle.Step);
                var report = cycle.ToReport(CycleStatus.Failed, $"The step '{cycle.Step}' failed: {ex.Message}", _time.GetUtcNow());
                await CycleEnding.TryFinishAsync(_store, _logger, cycle.Number, CycleRunStatus.Failed, report.Reason, report.ToJson(), report.FinishedAt).ConfigureAwait(false);
                Telemetry.Cycles.Add(1, new KeyValuePair<string, object?>("status", "failed"));
                completed(report);
                return report;
            }
            catch (OperationCanceledException)
            {
                await CycleEnding.TryFinishAsync(_store, _logger, cycle.Number, CycleRunStatus.Cancelled, "The cycle was cancelled.", null, _time.GetUtcNow()).ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            await CycleEnding.ReleaseAsync(_lease, _logger).ConfigureAwait(false);
            await refreshMode(CancellationToken.None).ConfigureAwait(false);
        }
    }

    public async Task RunStepsAsync(CycleState cycle, CancellationToken cancellationToken)
    {
        var now = cycle.StartedAt;
        var from = now.AddDays(-_options.AnalysisWindowDays);
        var query = new LogQuery { Paths = [.. _options.LogPaths], From = from, To = null };

        cycle.Step = "analysis";
        AnalysisResult analysis;
        using (Telemetry.Source.StartActivity("alpha_learning.analysis"))
        {
            // The rules plan against the configuration as it is now: every old value is what it holds.
            ConfigSnapshot? config = null;
            if (configStore is not null)
            {
                try
                {
                    config = await configStore.ReadAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (ConfigStoreException ex)
                {
                    cycle.Notes.Add("The configuration could not be read, so the rules assumed their defaults: " + ex.Message);
                }
            }

            analysis = fleet is null
                ? await _analyzer.AnalyzeAgainstConfigAsync(query, config, new LogReadStatistics(), cancellationToken).ConfigureAwait(false)
                : await Fleet.Internal.FleetAnalysis.RunAsync(fleet, _analyzer, query, config, cycle, _time, cancellationToken).ConfigureAwait(false);
        }

        cycle.Analysis = analysis;
        Telemetry.Patterns.Add(analysis.Patterns.Count);

        cycle.Step = "store_patterns";
        await _lease.KeepAsync(cycle.Step, cancellationToken).ConfigureAwait(false);
        using (Telemetry.Source.StartActivity("alpha_learning.store_patterns"))
        {
            await _store.StorePatternsAsync(analysis.Patterns, cycle.Number, now, cancellationToken).ConfigureAwait(false);
            await _store.ExpirePendingApprovalsAsync(now - _options.PendingApprovalExpiry, now, cancellationToken).ConfigureAwait(false);
        }

        cycle.Step = "improvements";
        var newlyApplied = new List<ImprovementRecord>();
        using (Telemetry.Source.StartActivity("alpha_learning.improvements"))
        {
            var correlations = await _store.GetCorrelationsAsync(LoopStateKeys.CorrelationType, null, cancellationToken).ConfigureAwait(false);
            var plan = await ChangePlanner.CreateAsync(_store, _options, cycle.StartedAt, cancellationToken).ConfigureAwait(false);
            var applied = 0;

            // The quota left today, read once: once it is spent, the cycle does not plan each change only to be refused.
            var quotaLeft = cycle.DryRun ? long.MaxValue : (await _executor.GetStatisticsAsync(cancellationToken).ConfigureAwait(false)).RemainingToday;
            foreach (var (recommendation, benefit) in plan.Order(analysis.Recommendations, r => AdjustedConfidence(r, correlations)))
            {
                cancellationToken.ThrowIfCancellationRequested();
                await _lease.KeepAsync(cycle.Step, cancellationToken).ConfigureAwait(false);
                var held = cycle.DryRun ? null : plan.HoldBack(recommendation, analysis.Patterns, cycle.Mode);
                var item = held is { } reason
                    ? (Item: Skipped(recommendation, reason), Applied: (ImprovementRecord?)null)
                    : await HandleAsync(cycle, recommendation, correlations, applied, quotaLeft - applied, cancellationToken).ConfigureAwait(false);
                cycle.Items.Add(new CycleImprovementItem
                {
                    RecommendationId = item.Item.RecommendationId,
                    ImprovementId = item.Item.ImprovementId,
                    Title = item.Item.Title,
                    Action = item.Item.Action,
                    Reason = item.Item.Reason,
                    Changes = item.Item.Changes,
                    ExpectedBenefit = benefit,
                    Scope = recommendation.Scope,
                });
                if (item.Item.Action == "pending_approval" && item.Item.ImprovementId is { } queuedId)
                {
                    // Approved later, outside a cycle, it is judged on this scope.
                    await ScopeMemory.SaveAsync(_store, queuedId, recommendation.Scope, cycle.StartedAt, cancellationToken).ConfigureAwait(false);
                }

                if (item.Applied is { } record)
                {
                    applied++;
                    newlyApplied.Add(record);
                    plan.Applied(recommendation);
                    await ScopeMemory.SaveAsync(_store, record.Id, recommendation.Scope, cycle.StartedAt, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        cycle.Step = "verification";
        await _lease.KeepAsync(cycle.Step, cancellationToken).ConfigureAwait(false);
        using (Telemetry.Source.StartActivity("alpha_learning.verification"))
        {
            await verification.VerifyAsync(cycle, query, newlyApplied, cancellationToken).ConfigureAwait(false);
        }

        if (alerts is not null && !cycle.DryRun)
        {
            cycle.Step = "alerts";
            await _lease.KeepAsync(cycle.Step, cancellationToken).ConfigureAwait(false);
            using (Telemetry.Source.StartActivity("alpha_learning.alerts"))
            {
                cycle.Alerts = await alerts.RunAsync(query, _analyzer.Detectors, analysis, _options.AnalysisWindowDays, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<(CycleImprovementItem Item, ImprovementRecord? Applied)> HandleAsync(
        CycleState cycle,
        ImprovementRecommendation recommendation,
        IReadOnlyList<Correlation> correlations,
        int appliedSoFar,
        long quotaLeft,
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

        if (quotaLeft <= 0)
        {
            return (Item("skipped", $"The daily quota (MaxDailyImprovements {_options.MaxDailyImprovements}) is used up; it is proposed again when the quota day turns."), null);
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

    private static CycleImprovementItem Skipped(ImprovementRecommendation recommendation, string reason) => new()
    {
        RecommendationId = recommendation.Id,
        Title = recommendation.Title,
        Action = "skipped",
        Reason = reason,
        Changes = recommendation.Changes,
    };

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
}
