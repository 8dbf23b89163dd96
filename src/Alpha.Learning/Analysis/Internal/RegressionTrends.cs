using System.Globalization;

using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Analysis.Internal;

/// <summary>
/// <c>trend</c>: a slow, steady rise of a cost, token or duration mean, found by the Mann-Kendall test over the
/// series of daily means of the last <see cref="RegressionOptions.TrendWeeks"/> whole weeks (so a weekly rhythm adds
/// noise, not a trend), Bonferroni-corrected over every series tested, with Sen's slope (per week) and its 95 % bounds; a drift counts when its lower bound is above zero and the
/// slope is at least <see cref="RegressionOptions.TrendMinWeeklyChange"/> of the level a week. When a budget or
/// threshold applies (cost-per-task budget, <see cref="AnalysisOptions.HighCostThresholdUsd"/>, the slow thresholds),
/// the pattern forecasts when the fitted line crosses it.
/// </summary>
internal static class RegressionTrends
{
    /// <summary>The fewest values a day needs for its mean to enter a trend test.</summary>
    public const int MinValuesPerDay = 3;

    /// <summary>Groups metric names so that a step found as a regression is not reported again as a trend.</summary>
    public static string Family(string metric) => metric switch
    {
        "p50_duration" or "p95_duration" or "mean_duration" => "duration",
        "cost_per_task" or "cost_per_call" => "cost",
        _ => metric,
    };

    public static List<LogPattern> Evaluate(RegressionSession session, AnalysisOptions options, int endDay, DateTimeOffset end, HashSet<(string, string, string)> stepped)
    {
        var r = options.Regression;
        var candidates = new List<Candidate>();
        foreach (var (name, series) in session.Tasks)
        {
            Test(candidates, r, series, endDay, LogPattern.TaskSubject, name, "cost_per_task", "usd", static c => c.Costs, Budget(r, name), "budget");
            Test(candidates, r, series, endDay, LogPattern.TaskSubject, name, "mean_duration", "s", static c => c.Durations, options.SlowTaskThresholdSeconds, "threshold");
        }

        foreach (var (name, series) in session.Tools)
        {
            Test(candidates, r, series, endDay, LogPattern.ToolSubject, name, "mean_duration", "s", static c => c.Durations, options.SlowToolThresholdSeconds, "threshold");
        }

        foreach (var (name, series) in session.Models)
        {
            Test(candidates, r, series, endDay, LogPattern.ModelSubject, name, "cost_per_call", "usd", static c => c.Costs, options.HighCostThresholdUsd, "threshold");
            Test(candidates, r, series, endDay, LogPattern.ModelSubject, name, "tokens_per_call", "tokens", static c => c.Tokens, null, null);
        }

        var limit = r.TrendAlpha / Math.Max(1, candidates.Count);
        var patterns = new List<LogPattern>();
        var kept = candidates.Where(c => Counts(c.Result, c.WeeklyChange, limit, r)
            && !stepped.Contains((c.Subject, c.Key, Family(c.Metric))));
        foreach (var group in kept.GroupBy(c => (c.Subject, c.Key)))
        {
            var list = group.OrderByDescending(c => c.WeeklyChange).ToList();
            patterns.Add(ToPattern(list, r, end));
        }

        return patterns;
    }

    /// <summary>
    /// The trend tests one analysis makes for a subject of each kind (the <c>Test</c> calls in <see cref="Evaluate"/>):
    /// the Bonferroni divisor is the number of these with enough weeks of data.
    /// </summary>
    public static int TestsFor(int tasks, int tools, int models) => (2 * tasks) + tools + (2 * models);

    /// <summary>
    /// Whether a fitted series counts as a drift: Mann-Kendall's one-sided p at most <paramref name="limit"/> (the
    /// Bonferroni share of <see cref="RegressionOptions.TrendAlpha"/>), Sen's lower bound above zero and Sen's slope at
    /// least <see cref="RegressionOptions.TrendMinWeeklyChange"/> of the level a week.
    /// </summary>
    public static bool Counts(TrendResult result, double weeklyChange, double limit, RegressionOptions r) =>
        result.PValue <= limit && result.Lower > 0 && weeklyChange >= r.TrendMinWeeklyChange;

    /// <summary>
    /// Fits the trend test to <see cref="RegressionOptions.TrendWeeks"/> × 7 daily means (<see cref="double.NaN"/> for a
    /// day without <c>MinValuesPerDay</c> values), the last one the window's end: <see langword="null"/> when fewer than
    /// <see cref="RegressionOptions.TrendMinWeeks"/> weeks hold data or the level (the median daily mean) is not positive.
    /// </summary>
    public static TrendFit? Fit(double[] values, RegressionOptions r)
    {
        var weeks = values.Length / 7;
        var periods = new bool[weeks + 1];
        var all = new List<double>(values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            if (double.IsFinite(values[i]))
            {
                periods[i / 7] = true;
                all.Add(values[i]);
            }
        }

        var weeksWithData = periods.Count(p => p);
        if (weeksWithData < r.TrendMinWeeks)
        {
            return null;
        }

        // Daily means over whole weeks: a weekly rhythm adds noise, not a trend. Slopes are per day, reported per week.
        var daily = RegressionStatistics.SeasonalKendall([values], 0.95);
        var result = daily with { Slope = daily.Slope * 7, Lower = daily.Lower * 7, Upper = daily.Upper * 7 };
        all.Sort();
        var level = all[all.Count / 2];
        if (!(level > 0))
        {
            return null;
        }

        // Sen's intercept: the median of value - slope × day, so the line's level at the last day is the forecast's start.
        var offsets = new List<double>(all.Count);
        for (var i = 0; i < values.Length; i++)
        {
            if (double.IsFinite(values[i]))
            {
                offsets.Add(values[i] - (daily.Slope * i));
            }
        }

        offsets.Sort();
        var current = offsets[offsets.Count / 2] + (daily.Slope * (values.Length - 1));
        return new TrendFit(result, level, current, result.Slope / level, weeksWithData);
    }

    private static double? Budget(RegressionOptions r, string task) =>
        r.CostPerTaskBudgetUsd.TryGetValue(task, out var budget) ? budget : r.CostPerTaskBudgetUsd.TryGetValue("*", out var all) ? all : null;

    private static void Test(List<Candidate> candidates, RegressionOptions r, RegressionSeries series, int endDay, string subject, string key, string metric, string unit, Func<RegressionCell, RegressionHistogram?> pick, double? threshold, string? thresholdKind)
    {
        var length = r.TrendWeeks * 7;
        var first = endDay - length + 1;
        var values = new double[length];
        Array.Fill(values, double.NaN);
        foreach (var (day, cell) in series.Days)
        {
            if (day < first || day > endDay || pick(cell) is not { } histogram || histogram.Count < MinValuesPerDay)
            {
                continue;
            }

            values[day - first] = histogram.Mean;
        }

        if (Fit(values, r) is not { } fit)
        {
            return;
        }

        candidates.Add(new Candidate(subject, key, metric, unit, fit.Result, fit.Level, fit.Current, fit.WeeklyChange, fit.Weeks, threshold, thresholdKind));
    }

    private static LogPattern ToPattern(List<Candidate> list, RegressionOptions r, DateTimeOffset end)
    {
        var c = list[0];
        var metadata = DetectorSupport.Metadata(c.Subject);
        metadata["metric"] = c.Metric;
        metadata["unit"] = c.Unit;
        metadata["before"] = Statistics.Round(c.Level, 6);
        metadata["after"] = Statistics.Round(c.Current, 6);
        metadata["effect"] = Statistics.Round(c.WeeklyChange, 4);
        metadata["effect_kind"] = "weekly_change";
        metadata["weekly_change_lower"] = Statistics.Round(c.Result.Lower / c.Level, 4);
        metadata["slope_per_week"] = Statistics.Round(c.Result.Slope, 6);
        metadata["p_value"] = c.Result.PValue;
        metadata["kendall_s"] = c.Result.S;
        metadata["weeks"] = (long)c.Weeks;
        metadata["metrics"] = list.Select(x => x.Metric).ToList();
        var severity = c.WeeklyChange >= 0.1 ? Priority.High : Priority.Low;
        var forecast = string.Empty;
        if (c.Threshold is { } threshold)
        {
            metadata["threshold"] = threshold;
            metadata["threshold_kind"] = c.ThresholdKind!;
            if (c.Current >= threshold)
            {
                metadata["crossed"] = true;
                severity = Max(severity, Priority.Medium);
                forecast = Inv($"; already above its {c.ThresholdKind} of {RegressionText.Format(threshold, c.Unit)}");
            }
            else
            {
                var weeksTo = (threshold - c.Current) / c.Result.Slope;
                if (weeksTo <= 520)
                {
                    var at = end.AddDays(weeksTo * 7);
                    metadata["crossed"] = false;
                    metadata["weeks_to_threshold"] = Statistics.Round(weeksTo, 1);
                    metadata["forecast_crossing"] = at.ToString("O", CultureInfo.InvariantCulture);
                    severity = weeksTo <= 4 ? Max(severity, Priority.High) : weeksTo <= 12 ? Max(severity, Priority.Medium) : severity;
                    forecast = Inv($"; at this pace it crosses its {c.ThresholdKind} of {RegressionText.Format(threshold, c.Unit)} around {at:yyyy-MM-dd}");
                }
            }
        }

        metadata["severity"] = EnumNames.ToName(severity);
        var noun = c.Subject switch
        {
            LogPattern.TaskSubject => "Task",
            LogPattern.ToolSubject => "Tool",
            _ => "Model",
        };
        return new LogPattern
        {
            Type = PatternType.Trend,
            Subject = c.Subject,
            Key = c.Key,
            Description = Inv($"{noun} {c.Key}: {c.Metric.Replace('_', ' ')} drifts up {c.WeeklyChange * 100:0.#} % a week over {c.Weeks} weeks (now {RegressionText.Format(c.Current, c.Unit)}, p = {c.Result.PValue:0.##e0}){forecast}."),
            Occurrences = c.Weeks,
            ImpactScore = RegressionText.Impact(severity),
            FirstSeen = end.AddDays(-7 * r.TrendWeeks),
            LastSeen = end,
            Metadata = metadata,
        };
    }

    private static Priority Max(Priority a, Priority b) => a > b ? a : b;


    private sealed record Candidate(string Subject, string Key, string Metric, string Unit, TrendResult Result, double Level, double Current, double WeeklyChange, int Weeks, double? Threshold, string? ThresholdKind);
}
