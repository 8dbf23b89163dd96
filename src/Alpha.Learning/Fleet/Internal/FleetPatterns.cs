using Alpha.Learning.Analysis;
using Alpha.Learning.Analysis.Internal;

using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Fleet.Internal;

/// <summary>
/// The patterns of the fleet's merged evidence, built by the rules of the detectors they stand for, with the same keys,
/// fingerprints and metadata (so the detectors' recommendation rules apply to them unchanged): <c>recurring_error</c>
/// per template with at least <c>RecurringErrorMinOccurrences</c> occurrences, and <c>slow_operation</c> per tool and
/// task type with at least <c>SlowMinOccurrences</c> durations over its threshold.
/// </summary>
internal static class FleetPatterns
{
    public static List<LogPattern> Build(FleetEvidence evidence, AnalysisOptions options, DateTimeOffset now)
    {
        var patterns = new List<LogPattern>();
        AddRecurringErrors(patterns, evidence, options, now);
        AddSlowOperations(patterns, evidence, options, now);
        patterns.Sort(Recommendations.ComparePatterns);
        return patterns;
    }

    private static void AddRecurringErrors(List<LogPattern> patterns, FleetEvidence evidence, AnalysisOptions options, DateTimeOffset now)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var found = new List<LogPattern>();

        // Permanent templates first, as the detector lists them, so a transient template whose text equals a permanent one's is the one marked.
        foreach (var stats in evidence.Templates.OrderBy(t => t.Transient).ThenBy(t => t.ErrorType, StringComparer.Ordinal).ThenBy(t => t.Text, StringComparer.Ordinal))
        {
            if (stats.Count < options.RecurringErrorMinOccurrences)
            {
                continue;
            }

            var metadata = DetectorSupport.Metadata(LogPattern.ErrorSubject);
            metadata["error_type"] = stats.ErrorType;
            metadata["template"] = stats.Text;
            metadata["transient"] = stats.Transient;
            metadata["affected_tasks"] = DetectorSupport.Sorted(stats.Tasks);
            if (stats.Tools.Count > 0)
            {
                metadata["affected_tools"] = DetectorSupport.Sorted(stats.Tools);
            }

            var key = string.Concat(stats.ErrorType, ": ", stats.Text);
            found.Add(new LogPattern
            {
                Type = PatternType.RecurringError,
                Subject = LogPattern.ErrorSubject,
                Description = Inv($"{stats.ErrorType} \"{stats.Text}\" occurred {stats.Count} times."),
                Key = keys.Add(key) ? key : string.Concat(key, stats.Transient ? " (transient)" : " (permanent)"),
                Occurrences = stats.Count,
                ImpactScore = Statistics.Impact(stats.Count, stats.LastSeen, now, 20, options.RecencyHalfLife, stats.Transient ? 0.8 : 1),
                FirstSeen = stats.FirstSeen,
                LastSeen = stats.LastSeen,
                Examples = [.. stats.Examples],
                Metadata = metadata,
            });
        }

        patterns.AddRange(found);
    }

    private static void AddSlowOperations(List<LogPattern> patterns, FleetEvidence evidence, AnalysisOptions options, DateTimeOffset now)
    {
        foreach (var subject in evidence.Subjects.Values.OrderBy(s => s.Kind).ThenBy(s => s.Name, StringComparer.Ordinal))
        {
            if (subject.Kind == SubjectKind.Model || subject.SlowCount < options.SlowMinOccurrences)
            {
                continue;
            }

            var tool = subject.Kind == SubjectKind.Tool;
            var threshold = tool ? options.SlowToolThresholdSeconds : options.SlowTaskThresholdSeconds;
            var durations = subject.Durations;
            var count = durations.Count;
            var p50 = durations.Quantile(0.5);
            var p95 = durations.Quantile(0.95);
            var metadata = DetectorSupport.Metadata(tool ? LogPattern.ToolSubject : LogPattern.TaskSubject);
            metadata["count"] = count;
            metadata["over_threshold"] = subject.SlowCount;
            metadata["threshold_s"] = threshold;
            metadata["p50_s"] = Statistics.Round(p50);
            metadata["p95_s"] = Statistics.Round(p95);
            metadata["max_s"] = Statistics.Round(durations.Max);
            metadata["mean_s"] = Statistics.Round(durations.Sum / count);
            var severity = Math.Clamp(0.5 + (0.25 * ((p95 / threshold) - 1)), 0.5, 1);
            patterns.Add(new LogPattern
            {
                Type = PatternType.SlowOperation,
                Subject = tool ? LogPattern.ToolSubject : LogPattern.TaskSubject,
                Key = subject.Name,
                Description = Inv($"{(tool ? "Tool" : "Task")} {subject.Name} was slower than {Recommendations.Seconds(threshold)} {subject.SlowCount} times (p50 {Recommendations.Seconds(Statistics.Round(p50, 3))}, p95 {Recommendations.Seconds(Statistics.Round(p95, 3))}, max {Recommendations.Seconds(Statistics.Round(durations.Max, 3))}) across the fleet."),
                Occurrences = subject.SlowCount,
                ImpactScore = Statistics.Impact(subject.SlowCount, subject.SlowLast, now, 20, options.RecencyHalfLife, severity),
                FirstSeen = subject.SlowFirst,
                LastSeen = subject.SlowLast,
                Metadata = metadata,
            });
        }
    }
}
