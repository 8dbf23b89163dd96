using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;
using Alpha.Learning.Logs;
using Alpha.Learning.Loop.Internal;

namespace Alpha.Learning.Fleet.Internal;

/// <summary>
/// The analysis step of a fleet leader's cycle: the merged evidence of the live instances instead of this instance's
/// logs; patterns by the detectors' rules (<see cref="FleetPatterns"/>), recommendations by the detectors' rules
/// against the shared configuration.
/// </summary>
internal static class FleetAnalysis
{
    public static async Task<AnalysisResult> RunAsync(FleetMember fleet, LogAnalyzer analyzer, LogQuery query, ConfigSnapshot? config, CycleState cycle, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var now = cycle.StartedAt;
        var merge = await fleet.MergeAsync(now, cancellationToken).ConfigureAwait(false);
        cycle.Fleet = merge;
        var patterns = FleetPatterns.Build(merge.Evidence, analyzer.AnalysisOptions, now, analyzer.Detectors);
        var recommendations = analyzer.RecommendMerged(patterns, now, config, query.From is { } from ? now - from : null);
        cycle.Notes.Add(merge.Instances.Count == 0
            ? "Fleet: no instance reported within the instance timeout; nothing to merge."
            : $"Fleet: merged the evidence of {merge.Instances.Count} instance(s) ({string.Join(", ", merge.Instances)}), {merge.Evidence.Events} events.");
        cycle.Notes.AddRange(merge.Notes);
        return new AnalysisResult
        {
            Patterns = patterns,
            Recommendations = recommendations,
            Statistics = new LogReadStatistics(),
            EventsAnalyzed = merge.Evidence.Events,
            From = query.From,
            To = query.To,
            StartedAt = now,
            Duration = time.GetElapsedTime(started),
        };
    }
}
