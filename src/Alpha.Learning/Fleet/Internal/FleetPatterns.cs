using Alpha.Learning.Analysis;
using Alpha.Learning.Analysis.Internal;

namespace Alpha.Learning.Fleet.Internal;

/// <summary>
/// The patterns of the fleet's merged evidence, decided by the detectors' own rules (the same code one analysis runs),
/// so they have the same keys, fingerprints and metadata and the detectors' recommendation rules apply to them
/// unchanged: <c>recurring_error</c> per template, <c>slow_operation</c> per tool and task type, and from
/// <see cref="FleetDetail"/> <c>timeout_pattern</c>, <c>high_cost_operation</c>, <c>inefficient_tool_chain</c> and
/// <c>successful_pattern</c>.
/// </summary>
internal static class FleetPatterns
{
    /// <param name="evidence">The merged evidence.</param>
    /// <param name="options">The thresholds.</param>
    /// <param name="now">The analysis instant.</param>
    /// <param name="detectors">The detectors the leader's analyzer runs: a built-in type whose detector is not among them (a host removed it) is not built; <see langword="null"/> builds every type.</param>
    public static List<LogPattern> Build(FleetEvidence evidence, AnalysisOptions options, DateTimeOffset now, IReadOnlyList<IPatternDetector>? detectors = null)
    {
        bool Runs<T>() => detectors is null || detectors.Any(d => d is T);
        var patterns = new List<LogPattern>();
        if (Runs<RecurringErrorDetector>())
        {
            AddRecurringErrors(patterns, evidence, options, now);
        }

        if (Runs<SlowOperationDetector>())
        {
            AddSlowOperations(patterns, evidence, options, now);
        }

        var detail = evidence.Detail;
        if (Runs<TimeoutDetector>())
        {
            patterns.AddRange(TimeoutDetector.Patterns(detail.Timeouts, detail.TimeoutTemplates, options, now));
        }

        if (Runs<HighCostDetector>())
        {
            patterns.AddRange(HighCostDetector.Patterns(detail.Models, options, now));
        }

        if (Runs<InefficientToolChainDetector>())
        {
            patterns.AddRange(InefficientToolChainDetector.Patterns(detail.Tools, detail.ToolNames, detail.Chains, options, now));
        }

        if (Runs<SuccessfulPatternDetector>())
        {
            patterns.AddRange(SuccessfulPatternDetector.Patterns(detail.Successes, options));
        }

        patterns.Sort(Recommendations.ComparePatterns);
        return patterns;
    }

    private static void AddRecurringErrors(List<LogPattern> patterns, FleetEvidence evidence, AnalysisOptions options, DateTimeOffset now)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);

        // Permanent templates first, as the detector lists them, so a transient template whose text equals a permanent one's is the one marked.
        foreach (var stats in evidence.Templates.OrderBy(t => t.Transient).ThenBy(t => t.ErrorType, StringComparer.Ordinal).ThenBy(t => t.Text, StringComparer.Ordinal))
        {
            var seen = new Occurrence();
            seen.Add(stats.Count, stats.FirstSeen, stats.LastSeen);
            if (RecurringErrorDetector.Pattern(keys, stats.ErrorType, stats.Text, null, stats.Transient, seen, stats.Examples, stats.Tasks, stats.Tools, options, now) is { } pattern)
            {
                patterns.Add(pattern);
            }
        }
    }

    private static void AddSlowOperations(List<LogPattern> patterns, FleetEvidence evidence, AnalysisOptions options, DateTimeOffset now)
    {
        foreach (var subject in evidence.Subjects.Values.OrderBy(s => s.Kind).ThenBy(s => s.Name, StringComparer.Ordinal))
        {
            if (subject.Kind == SubjectKind.Model)
            {
                continue;
            }

            var tool = subject.Kind == SubjectKind.Tool;
            var slow = new Occurrence();
            slow.Add(subject.SlowCount, subject.SlowFirst, subject.SlowLast);
            if (SlowOperationDetector.Pattern(
                tool ? LogPattern.ToolSubject : LogPattern.TaskSubject,
                tool ? "Tool" : "Task",
                subject.Name,
                subject.Durations,
                slow,
                tool ? options.SlowToolThresholdSeconds : options.SlowTaskThresholdSeconds,
                options,
                now) is { } pattern)
            {
                patterns.Add(pattern);
            }
        }
    }
}
