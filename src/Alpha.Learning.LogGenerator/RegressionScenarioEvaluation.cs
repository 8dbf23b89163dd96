using System.Globalization;

using Alpha.Learning.Analysis;
using Alpha.Learning.Analysis.Internal;

namespace Alpha.Learning.LogGenerator;

/// <summary>
/// Runs the baseline-relative detector over a generated scenario the way a daily check would: one pass over the
/// events, then the window ending at every day's end from the first with a full baseline. Detection uses the daily
/// ends; false alerts are counted on weekly ends (non-overlapping windows), per subject.
/// </summary>
public static class RegressionScenarioEvaluation
{
    /// <summary>Evaluates a scenario.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="options">The analysis options, or <see langword="null"/> for the defaults.</param>
    /// <returns>The score.</returns>
    public static ScenarioScore Evaluate(RegressionScenario scenario, AnalysisOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        options ??= new AnalysisOptions();
        var r = options.Regression;
        var end = scenario.Start.AddDays(scenario.Days);
        var session = (RegressionSession)new RegressionDetector().CreateSession(new AnalysisContext { Options = options, Now = end });
        var first = DateTimeOffset.MaxValue;
        foreach (var e in RegressionScenarioGenerator.Events(scenario))
        {
            session.Observe(e);
            first = e.Timestamp < first ? e.Timestamp : first;
        }

        var firstEnd = r.BaselineDays + r.WindowDays;
        var byDay = new Dictionary<int, IReadOnlyList<LogPattern>>();
        for (var day = firstEnd; day <= scenario.Days; day++)
        {
            byDay[day] = new RegressionEvaluator(session, options, scenario.Start.AddDays(day), first).Evaluate();
        }

        var scores = new List<PlantedChangeScore>();
        foreach (var change in scenario.Changes)
        {
            int? found = null;
            for (var day = Math.Max(firstEnd, change.StartDay + 1); day <= scenario.Days && found is null; day++)
            {
                if (byDay[day].Any(p => Matches(p, change)))
                {
                    found = day;
                }
            }

            // A drift has no step to find: it counts from the first day its trend test has enough weeks.
            var from = change.Kind == PlantedChangeKind.CostDrift ? Math.Max(change.StartDay, Math.Max(firstEnd, r.TrendMinWeeks * 7)) : change.StartDay;
            scores.Add(new PlantedChangeScore { Change = change, FoundOnDay = found, FoundWithinWindow = found is { } f && f - from <= r.WindowDays, Power = Power(scenario, session, change, r) });
        }

        var clean = 0;
        var falseAlerts = new List<string>();
        for (var day = firstEnd; day <= scenario.Days; day += r.WindowDays)
        {
            var affected = new HashSet<string>(StringComparer.Ordinal);
            foreach (var change in scenario.Changes.Where(c => c.StartDay < day))
            {
                affected.UnionWith(scenario.Affected(change));
            }

            var subjects = scenario.Tasks.Select(t => "task:" + t).Concat(scenario.Tools.Select(t => "tool:" + t)).Concat(scenario.Models.Select(m => "model:" + m)).ToList();
            clean += subjects.Count(s => !affected.Contains(s));
            foreach (var pattern in byDay[day])
            {
                var id = pattern.Subject + ":" + pattern.Key;
                var errorType = pattern.Metadata.TryGetValue("error_type", out var type) ? type as string : null;
                var touched = pattern.Subject == LogPattern.ErrorSubject
                    ? affected.Contains("error:*") || (errorType is not null && affected.Contains("error-type:" + errorType))
                    : affected.Contains(id);
                if (!touched)
                {
                    falseAlerts.Add(string.Create(CultureInfo.InvariantCulture, $"seed {scenario.Seed} day {day}: {EnumNames.ToName(pattern.Type)} {pattern.Description}"));
                }
            }
        }

        return new ScenarioScore { Changes = scores, CleanSubjectWindows = clean, FalseAlerts = falseAlerts };
    }

    /// <summary>Describes a scenario's planted changes and the patterns found by the window that ends with <paramref name="day"/> (for diagnosis).</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="day">The day the window ends with (counted from the start).</param>
    /// <returns>Lines of text.</returns>
    public static IEnumerable<string> Dump(RegressionScenario scenario, int day)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var options = new AnalysisOptions();
        var session = (RegressionSession)new RegressionDetector().CreateSession(new AnalysisContext { Options = options, Now = scenario.Start.AddDays(day) });
        var first = DateTimeOffset.MaxValue;
        foreach (var e in RegressionScenarioGenerator.Events(scenario))
        {
            session.Observe(e);
            first = e.Timestamp < first ? e.Timestamp : first;
        }

        foreach (var change in scenario.Changes)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"planted {change.Kind} {change.Target} {change.Magnitude:0.###} from day {change.StartDay} {change.ErrorType}");
        }

        foreach (var (type, miner) in session.Miners)
        {
            foreach (var template in miner.Templates)
            {
                var series = template.State as RegressionSeries;
                yield return string.Create(CultureInfo.InvariantCulture, $"template {type}: {template.Text} count {template.Count} first day {(series is null ? -1 : series.FirstDay() - RegressionSession.DayOf(scenario.Start))}");
            }
        }

        foreach (var p in new RegressionEvaluator(session, options, scenario.Start.AddDays(day), first).Evaluate())
        {
            yield return EnumNames.ToName(p.Type) + " " + p.Description;
        }
    }

    /// <summary>
    /// For an error-rate step, the chance that the first window wholly after it finds it, from the runs that window and
    /// its baseline hold and the rates planted (<see cref="RegressionPower.RateStep"/> at Holm's first threshold over a
    /// task type's comparisons); for a new error template, the chance that window holds the occurrences a
    /// <c>new_error</c> needs; for a cost drift, the trend test's power (simulated) in the analysis at the end of the
    /// first window after the test has enough weeks; <see langword="null"/> for the other kinds.
    /// </summary>
    private static double? Power(RegressionScenario scenario, RegressionSession session, PlantedChange change, RegressionOptions r)
    {
        if (change.Kind is not (PlantedChangeKind.ErrorRateStep or PlantedChangeKind.NewErrorTemplate or PlantedChangeKind.CostDrift) || !session.Tasks.TryGetValue(change.Target, out var series))
        {
            return null;
        }

        if (change.Kind == PlantedChangeKind.CostDrift)
        {
            // The runs with a cost on each day the analysis at the end of the first window after the trend test has
            // enough weeks sees, simulated with the scenario's largest run-cost variation.
            var first = RegressionSession.DayOf(scenario.Start);
            var decision = RegressionScenarioGenerator.DriftDecisionDay(r);
            var runs = new int[decision];
            for (var d = 0; d < decision; d++)
            {
                runs[d] = series.Days.TryGetValue(first + d, out var cell) ? (int)(cell.Costs?.Count ?? 0) : 0;
            }

            var tests = RegressionTrends.TestsFor(scenario.Tasks.Count, scenario.Tools.Count, scenario.Models.Count);
            return RegressionPower.Drift(change.Magnitude, runs, RegressionScenarioGenerator.RunCostCv, tests, r, 2000, scenario.Seed);
        }

        var start = RegressionSession.DayOf(scenario.Start) + change.StartDay;
        var n1 = series.Sum(start, start + r.WindowDays - 1).Runs;
        if (change.Kind == PlantedChangeKind.NewErrorTemplate)
        {
            return RegressionPower.AtLeast(r.NewErrorMinOccurrences, n1, change.Magnitude);
        }

        var n0 = series.Sum(start - r.BaselineDays, start - 1).Runs;
        var (before, after) = RegressionScenarioGenerator.ErrorRates(scenario, change);
        return RegressionPower.RateStep(before, after, n1, n0, r.Alpha / RegressionPower.TaskComparisons, r.MinRateIncrease, r.MinRateRatio);
    }

    private static bool Matches(LogPattern p, PlantedChange change)
    {
        var metrics = p.Metadata.TryGetValue("metrics", out var m) && m is IEnumerable<string> list ? list.ToList() : [];
        return change.Kind switch
        {
            PlantedChangeKind.LatencyStep => p.Type == PatternType.Regression && p.Subject == LogPattern.ToolSubject && p.Key == change.Target && metrics.Any(x => x.EndsWith("_duration", StringComparison.Ordinal)),
            PlantedChangeKind.ErrorRateStep => p.Type == PatternType.Regression && p.Subject == LogPattern.TaskSubject && p.Key == change.Target && metrics.Any(x => x is "error_rate" or "success_rate"),
            PlantedChangeKind.PriceChange => p.Type == PatternType.Regression && p.Subject == LogPattern.ModelSubject && p.Key == change.Target && metrics.Contains("cost_per_call"),
            PlantedChangeKind.NewErrorTemplate => p.Type == PatternType.NewError && p.Metadata.TryGetValue("error_type", out var t) && (t as string) == change.ErrorType,
            PlantedChangeKind.CostDrift => p.Subject == LogPattern.TaskSubject && p.Key == change.Target
                && ((p.Type == PatternType.Trend && metrics.Contains("cost_per_task")) || (p.Type == PatternType.Regression && metrics.Contains("cost_per_task"))),
            _ => false,
        };
    }
}
