using Alpha.Learning.Alerts;
using Alpha.Learning.Analysis;
using Alpha.Learning.Analysis.Internal;
using Alpha.Learning.Improvements;
using Alpha.Learning.Logs;

using Microsoft.Extensions.Logging;

namespace Alpha.Learning.Loop.Internal;

/// <summary>
/// The cycle's alert step: runs the baseline-relative detector (regressions, new error templates, trends) over its
/// baseline and current window, then publishes the findings through the registered sinks (de-duplicated, re-sent on
/// worsening or after the quiet period, resolved when gone). Findings an improvement of the loop explains are left to
/// that improvement's verification. A failure here is logged and never fails the cycle.
/// </summary>
internal sealed class CycleAlerts(ILogSource source, AnalysisOptions analysisOptions, AlertPublisher publisher, IImprovementStore store, TimeProvider time, ILogger logger)
{
    private readonly AlertPass _pass = new(source, analysisOptions, time);

    /// <summary>Gets how many of the step's own passes over the logs read them, and how many reused the last one.</summary>
    public (long Read, long Reused) Passes => _pass.Passes;

    public async Task<IReadOnlyList<Alert>> RunAsync(LogQuery query, IReadOnlyList<IPatternDetector> detectors, AnalysisResult analysis, int analysisWindowDays, CancellationToken cancellationToken)
    {
        var regression = analysisOptions.Regression;
        var detector = detectors.LastOrDefault(d => d.Name == RegressionDetector.DetectorName);
        if (!regression.Enabled || detector is null)
        {
            return [];
        }

        try
        {
            // The cycle's own analysis already saw the detector when its window spans the baseline and the trend weeks;
            // otherwise one more pass, with this detector alone, over the span it needs.
            var span = Math.Max(regression.BaselineDays + regression.WindowDays, regression.TrendWeeks * 7);
            var patterns = analysis.Patterns;
            if (analysisWindowDays < span)
            {
                // (Reused from the last cycle's pass when the logs it read are unchanged: AlertPass.)
                var read = new LogQuery { Paths = query.Paths, From = time.GetUtcNow().AddDays(-span - 1), To = query.To };
                patterns = await _pass.FindAsync(detector, read, cancellationToken).ConfigureAwait(false);
            }

            var findings = patterns.Where(AlertPublisher.IsFinding).ToList();
            var improvements = (await store.GetImprovementsAsync(null, null, 10_000, cancellationToken).ConfigureAwait(false))
                .Where(i => i.Status is ImprovementStatus.Applied or ImprovementStatus.RolledBack)
                .ToList();
            var published = await publisher.PublishAsync(findings, improvements, cancellationToken).ConfigureAwait(false);
            return published.Sent;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.AlertsFailed(logger, ex);
            return [];
        }
    }
}
