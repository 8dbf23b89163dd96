using System.Globalization;

using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;
using Alpha.Learning.Logs;

using Microsoft.Extensions.Logging;

namespace Alpha.Learning.Loop.Internal;

/// <summary>
/// Verifies applied improvements: measures this cycle's metrics and each improvement's target metric before and
/// after it was applied in one pass over the logs, stores the verdicts, rolls back what regressed (or proposes it in
/// Manual mode) and learns which kinds of change help.
/// </summary>
internal sealed class ImprovementVerification(
    ILogSource source,
    ImprovementExecutor executor,
    IImprovementStore improvements,
    IVerificationStore verification,
    FeedbackLoopOptions options,
    AnalysisOptions analysisOptions,
    TimeProvider time,
    ILogger logger,
    CycleLease lease)
{
    private readonly ILogSource _source = source;
    private readonly ImprovementExecutor _executor = executor;
    private readonly IImprovementStore _improvements = improvements;
    private readonly IVerificationStore _verification = verification;
    private readonly FeedbackLoopOptions _options = options;
    private readonly AnalysisOptions _analysisOptions = analysisOptions;
    private readonly TimeProvider _time = time;
    private readonly ILogger _logger = logger;
    private readonly CycleLease _lease = lease;

    public async Task VerifyAsync(CycleState cycle, LogQuery query, List<ImprovementRecord> newlyApplied, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var newIds = newlyApplied.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var waiting = await OutcomeTargets.WaitingAsync(_improvements, newIds, cancellationToken).ConfigureAwait(false);
        var judged = newlyApplied.Concat(waiting).ToList();

        // Every change (applied or rolled back) in the read window, with its scope: a verdict's windows are cut at the
        // nearest other change whose scope overlaps, so one change is never credited with another's effect.
        var targets = await OutcomeTargets.BuildAsync(_improvements, judged, cycle.StartedAt, null, cancellationToken).ConfigureAwait(false);

        // One pass for this cycle's metrics, each change's outcomes in scope, and its own target metric (for the record).
        // The pass reaches back to an analysis window before the oldest change awaiting its verdict, so the runs after a
        // change accumulate until its deadline (with only the analysis window, the evidence never grows past one window
        // and a deadline cannot be met by waiting); this cycle's metrics still cover the analysis window only.
        var metricTargets = judged.Where(r => r.TargetMetric != TargetMetric.None).Select(r => new VerificationTarget(r, r.AppliedAt ?? cycle.StartedAt)).ToList();
        var collector = new MetricsCollector(_analysisOptions, metricTargets);
        var window = new CycleOutcomeMetrics(query.From, query.To);
        var outcomes = new TaskOutcomeCollector(_analysisOptions, targets, window.Observe);
        var read = OutcomeTargets.Widen(query, targets, _options.AnalysisWindowDays);
        await foreach (var e in _source.ReadAsync(read, null, cancellationToken).ConfigureAwait(false))
        {
            if (query.Contains(e.Timestamp))
            {
                collector.Observe(e);
            }

            outcomes.Observe(e);
        }

        // In a fleet, a change is judged on the merged measures of every live instance (this one's included).
        var fleetNotes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (cycle.Fleet is { } fleet)
        {
            foreach (var target in targets.Where(t => !newIds.Contains(t.Improvement.Id)))
            {
                fleetNotes[target.Improvement.Id] = Fleet.Internal.FleetVerification.Apply(target, fleet);
            }
        }

        var metrics = collector.ToMetrics(now, cycle.Number).Concat(window.ToMetrics(now, cycle.Number)).ToList();
        cycle.MetricsStored = await _verification.StoreMetricsAsync(metrics, cancellationToken).ConfigureAwait(false);

        foreach (var target in targets)
        {
            var improvement = target.Improvement;
            if (newIds.Contains(improvement.Id))
            {
                await _verification.StoreBaselineAsync(new VerificationBaseline
                {
                    ImprovementId = improvement.Id,
                    Metric = TargetMetric.SuccessRate,
                    SampleSize = target.Before.Tasks,
                    Data = target.Before.ToJson(),
                    CapturedAt = now,
                }, cancellationToken).ConfigureAwait(false);
                continue;
            }

            // The baseline captured at apply time, unless this pass saw more task runs from before the change (a
            // baseline captured the day a problem first appeared may be too thin to ever reach a verdict).
            // The larger one is kept, so the baseline never shrinks as old logs rotate away or leave the read window (a
            // change approved outside a cycle has no baseline captured at apply time: its first pass stores one).
            var stored = await _verification.GetBaselineAsync(improvement.Id, TargetMetric.SuccessRate, cancellationToken).ConfigureAwait(false);
            var captured = stored is null ? null : ScopeOutcomes.FromJson(stored.Data);
            var baseline = captured is null || target.Before.Tasks > captured.Tasks ? target.Before : captured;
            if (baseline == target.Before && target.Before.Tasks > 0)
            {
                await _verification.StoreBaselineAsync(new VerificationBaseline
                {
                    ImprovementId = improvement.Id,
                    Metric = TargetMetric.SuccessRate,
                    SampleSize = target.Before.Tasks,
                    Data = target.Before.ToJson(),
                    CapturedAt = now,
                }, cancellationToken).ConfigureAwait(false);
            }

            var pastDeadline = now - target.Split >= _options.VerificationDeadline;
            var verdict = OutcomeVerifier.Judge(target, baseline, _options, pastDeadline);
            if (fleetNotes.TryGetValue(improvement.Id, out var fleetNote))
            {
                verdict = verdict with { Details = fleetNote + " " + verdict.Details };
            }
            if (metricTargets.Find(m => m.Improvement.Id == improvement.Id) is { } own)
            {
                var proxy = Verifier.Compare(improvement.TargetMetric, own.Before, own.After, _options.MinVerificationSamples, _options.VerificationSignificance);
                verdict = verdict with { Details = verdict.Details + " Its own target metric in scope (recorded, not deciding): " + EnumNames.ToName(proxy.Value) + "; " + proxy.Details };
            }

            await _verification.StoreVerificationAsync(new VerificationResult
            {
                ImprovementId = improvement.Id,
                Metric = TargetMetric.SuccessRate,
                Verdict = verdict.Value,
                PValue = verdict.PValue,
                Effect = verdict.Effect,
                BaselineSize = verdict.Before,
                AfterSize = verdict.After,
                Details = verdict.Details,
                At = now,
            }, cancellationToken).ConfigureAwait(false);

            string? action = null;
            if (verdict.Value is VerificationVerdict.Improved or VerificationVerdict.Unchanged or VerificationVerdict.Regressed)
            {
                cycle.CorrelationsStored += await UpdateCorrelationAsync(improvement, verdict.Value, now, cancellationToken).ConfigureAwait(false);
            }

            if (verdict.Value == VerificationVerdict.Regressed)
            {
                action = await HandleRegressionAsync(cycle, improvement, verdict, cancellationToken).ConfigureAwait(false);
            }
            else if (verdict.Value == VerificationVerdict.Inconclusive && improvement.Risk == RiskLevel.Risky)
            {
                // Inconclusive is not a pass: a risky change that could not be shown harmless is undone.
                action = await HandleRegressionAsync(cycle, improvement, verdict, cancellationToken).ConfigureAwait(false);
            }
            else if (verdict.Value is VerificationVerdict.Improved or VerificationVerdict.Unchanged)
            {
                await _improvements.SetStateAsync(LoopStateKeys.ConsecutiveRollbacks, "0", now, cancellationToken).ConfigureAwait(false);
            }
            else if (verdict.Value == VerificationVerdict.Inconclusive)
            {
                action = "kept";
            }

            cycle.Verifications.Add(new CycleVerificationItem
            {
                ImprovementId = improvement.Id,
                Metric = TargetMetric.SuccessRate,
                Verdict = EnumNames.ToName(verdict.Value),
                PValue = verdict.PValue,
                Before = verdict.Before,
                After = verdict.After,
                Action = action,
                Details = verdict.Details,
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
            cycle.Notes.Add(verdict.Value == VerificationVerdict.Inconclusive
                ? $"Improvement {improvement.Id} is risky and could not be shown harmless by its deadline: roll it back with 'alpha-learn rollback {improvement.Id}'."
                : $"Improvement {improvement.Id} made the outcomes in its scope worse: roll it back with 'alpha-learn rollback {improvement.Id}'.");
            return "rollback_proposed";
        }

        await _lease.KeepAsync(cycle.Step, cancellationToken).ConfigureAwait(false);
        var rollback = await _executor.RollbackImprovementAsync(improvement.Id, force: false, cancellationToken).ConfigureAwait(false);
        if (!rollback.Success)
        {
            cycle.Notes.Add($"Improvement {improvement.Id} regressed but could not be rolled back: {rollback.Reason}");
            return "rollback_failed";
        }

        Telemetry.RolledBack.Add(1);
        Log.RolledBack(_logger, improvement.Id, verdict.Details);
        var now = _time.GetUtcNow();
        var text = await _improvements.GetStateAsync(LoopStateKeys.ConsecutiveRollbacks, cancellationToken).ConfigureAwait(false);
        var consecutive = (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0) + 1;
        await _improvements.SetStateAsync(LoopStateKeys.ConsecutiveRollbacks, consecutive.ToString(CultureInfo.InvariantCulture), now, cancellationToken).ConfigureAwait(false);
        if (consecutive >= _options.MaxConsecutiveRollbacks)
        {
            await _improvements.SetStateAsync(LoopStateKeys.ModeOverride, "manual", now, cancellationToken).ConfigureAwait(false);
            cycle.Mode = FeedbackLoopMode.Manual;
            cycle.Notes.Add($"{consecutive} automatic rollbacks in a row: the loop now runs in Manual mode until a person resets it.");
            Log.DroppedToManual(_logger, consecutive);
        }

        return "rolled_back";
    }

    private async Task<int> UpdateCorrelationAsync(ImprovementRecord improvement, VerificationVerdict verdict, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var source = EnumNames.ToName(improvement.PatternType);
        var target = EnumNames.ToName(improvement.ActionType);
        var effect = verdict switch { VerificationVerdict.Improved => 1.0, VerificationVerdict.Regressed => -1.0, _ => 0.0 };
        var existing = (await _verification.GetCorrelationsAsync(LoopStateKeys.CorrelationType, null, cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(c => c.Source == source && c.Target == target);
        var count = (existing?.SampleSize ?? 0) + 1;
        var score = (((existing?.Score ?? 0) * (count - 1)) + effect) / count;
        await _verification.StoreCorrelationAsync(new Correlation
        {
            Type = LoopStateKeys.CorrelationType,
            Source = source,
            Target = target,
            Score = score,
            SampleSize = count,
            Details = $"Average verified effect of {target} changes on {source} patterns (+1 improved, 0 unchanged, -1 regressed); last: {EnumNames.ToName(verdict)} for {improvement.Id}.",
            CreatedAt = now,
        }, cancellationToken).ConfigureAwait(false);
        return 1;
    }
}
