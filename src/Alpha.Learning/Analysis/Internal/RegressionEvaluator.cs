using System.Globalization;

using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Analysis.Internal;

/// <summary>
/// Cuts the window and the baseline out of a <see cref="RegressionSession"/>'s daily cells, runs every comparison,
/// applies the Holm correction within each subject and the effect floors, and turns what is left into <c>regression</c>
/// and <c>new_error</c> patterns (one per subject), then adds the <c>trend</c> patterns.
/// </summary>
internal sealed class RegressionEvaluator
{
    private readonly RegressionSession _session;
    private readonly AnalysisOptions _options;
    private readonly RegressionOptions _r;
    private readonly DateTimeOffset _end;
    private readonly int _endDay;
    private readonly int _windowFrom;
    private readonly int _baselineFrom;
    private readonly int _baselineTo;
    private readonly int _baselineDays;
    private readonly double _windowHours;
    private readonly double _baselineHours;
    private readonly DateTimeOffset _windowStart;
    private readonly DateTimeOffset _baselineStart;

    public RegressionEvaluator(RegressionSession session, AnalysisOptions options, DateTimeOffset end, DateTimeOffset firstEvent)
    {
        _session = session;
        _options = options;
        _r = options.Regression;
        _end = end;
        _endDay = RegressionSession.DayOf(end.AddTicks(-1));
        _windowFrom = _endDay - _r.WindowDays + 1;
        _baselineTo = _windowFrom - 1;
        _baselineFrom = Math.Max(_baselineTo - _r.BaselineDays + 1, RegressionSession.DayOf(firstEvent));
        _baselineDays = Math.Max(0, _baselineTo - _baselineFrom + 1);
        _windowStart = StartOf(_windowFrom);
        _baselineStart = StartOf(_baselineFrom);
        _windowHours = Math.Max((end - _windowStart).TotalHours, 1);
        _baselineHours = Math.Max(_baselineDays * 24d, 1);
    }

    public static DateTimeOffset StartOf(int day) => new(day * TimeSpan.TicksPerDay, TimeSpan.Zero);

    public List<LogPattern> Evaluate()
    {
        var patterns = new List<LogPattern>();
        var findings = new List<RegressionFinding>();
        if (_baselineDays >= _r.MinBaselineDays)
        {
            foreach (var (name, series) in _session.Tasks)
            {
                CompareTask(findings, name, series.Sum(_windowFrom, _endDay), series.Sum(_baselineFrom, _baselineTo));
            }

            foreach (var (name, series) in _session.Tools)
            {
                var after = series.Sum(_windowFrom, _endDay);
                var before = series.Sum(_baselineFrom, _baselineTo);
                Rate(findings, LogPattern.ToolSubject, name, "error_rate", after.Errors, after.Runs, before.Errors, before.Runs);
                Durations(findings, LogPattern.ToolSubject, name, after.Durations, before.Durations);
                Volume(findings, LogPattern.ToolSubject, name, after.Runs, before.Runs);
            }

            foreach (var (name, series) in _session.Models)
            {
                var after = series.Sum(_windowFrom, _endDay);
                var before = series.Sum(_baselineFrom, _baselineTo);
                Durations(findings, LogPattern.ModelSubject, name, after.Durations, before.Durations);
                Mean(findings, LogPattern.ModelSubject, name, "cost_per_call", "usd", after.Costs, before.Costs);
                Mean(findings, LogPattern.ModelSubject, name, "tokens_per_call", "tokens", after.Tokens, before.Tokens);
                Volume(findings, LogPattern.ModelSubject, name, after.Runs, before.Runs);
            }

            CompareTemplates(findings, patterns);
        }

        Correct(findings);

        var stepped = new HashSet<(string, string, string)>();
        foreach (var group in findings.Where(f => f.Significant && f.AboveFloor).GroupBy(f => (f.Subject, f.Key)))
        {
            var list = group.ToList();
            if (list.Any(f => f.Metric is "error_rate" or "timeout_rate"))
            {
                list.RemoveAll(f => f.Metric == "success_rate");
            }

            foreach (var finding in list)
            {
                stepped.Add((finding.Subject, finding.Key, RegressionTrends.Family(finding.Metric)));
            }

            patterns.Add(ToPattern(list));
        }

        patterns.AddRange(RegressionTrends.Evaluate(_session, _options, _endDay, _end, stepped));
        return DetectorSupport.SortedPatterns(patterns);
    }

    /// <summary>
    /// Marks the significant findings: Holm's step-down correction at <see cref="RegressionOptions.Alpha"/> within each
    /// subject (task type, tool, model or error template) over all of its comparisons. One alert is raised per subject,
    /// so the chance that a subject whose metrics did not change alerts is at most <c>Alpha</c> per window, however
    /// many other subjects the analysis holds (a correction over every subject at once made each subject's test
    /// stricter as unrelated tools and tasks were added).
    /// </summary>
    private void Correct(List<RegressionFinding> findings)
    {
        foreach (var group in findings.GroupBy(f => (f.Subject, f.Key)))
        {
            var list = group.ToList();
            var pValues = list.Select(f => f.PValue).ToArray();
            var rejected = RegressionStatistics.Holm(pValues, _r.Alpha);
            for (var i = 0; i < list.Count; i++)
            {
                list[i].Significant = rejected[i];
            }
        }
    }

    private void CompareTask(List<RegressionFinding> findings, string name, RegressionCell after, RegressionCell before)
    {
        const string subject = LogPattern.TaskSubject;
        Rate(findings, subject, name, "error_rate", after.Errors, after.Runs, before.Errors, before.Runs);
        Rate(findings, subject, name, "timeout_rate", after.Timeouts, after.Runs, before.Timeouts, before.Runs);
        Rate(findings, subject, name, "success_rate", after.Runs - after.Successes, after.Runs, before.Runs - before.Successes, before.Runs);
        Durations(findings, subject, name, after.Durations, before.Durations);
        Mean(findings, subject, name, "cost_per_task", "usd", after.Costs, before.Costs);
        Volume(findings, subject, name, after.Runs, before.Runs);
    }

    private void CompareTemplates(List<RegressionFinding> findings, List<LogPattern> patterns)
    {
        var activityAfter = _session.Activity.Sum(_windowFrom, _endDay).Runs;
        var activityBefore = _session.Activity.Sum(_baselineFrom, _baselineTo).Runs;
        foreach (var (errorType, miner) in _session.Miners)
        {
            foreach (var template in miner.Templates)
            {
                if (template.State is not RegressionSeries series)
                {
                    continue;
                }

                var key = string.Concat(errorType, ": ", template.Text);
                var after = series.Sum(_windowFrom, _endDay).Runs;
                if (series.FirstDay() >= _windowFrom)
                {
                    if (after >= _r.NewErrorMinOccurrences && activityBefore >= _r.MinSamples)
                    {
                        patterns.Add(NewError(errorType, template.Text, key, series, after, activityAfter));
                    }

                    continue;
                }

                var before = series.Sum(_baselineFrom, _baselineTo).Runs;
                Rate(findings, LogPattern.ErrorSubject, key, "error_share", after, activityAfter, before, activityBefore, errorType, series.Example);
            }
        }
    }

    private void Rate(List<RegressionFinding> findings, string subject, string key, string metric, long x1, long n1, long x0, long n0, string? errorType = null, string? example = null)
    {
        if (n1 < _r.MinSamples || n0 < _r.MinSamples)
        {
            return;
        }

        var p1 = (double)x1 / n1;
        var p0 = (double)x0 / n0;
        var diff = p1 - p0;
        var ratio = p0 > 0 ? p1 / p0 : (p1 > 0 ? double.PositiveInfinity : 1);
        var success = metric == "success_rate";
        findings.Add(new RegressionFinding
        {
            Subject = subject,
            Key = key,
            Metric = metric,
            Before = success ? 1 - p0 : p0,
            After = success ? 1 - p1 : p1,
            Effect = success ? -diff : diff,
            EffectIsRatio = false,
            PValue = RegressionStatistics.FisherGreater(x1, n1, x0, n0),
            BeforeSamples = n0,
            AfterSamples = n1,
            AboveFloor = diff >= _r.MinRateIncrease && ratio >= _r.MinRateRatio,
            Severity = diff >= 0.2 ? Priority.Critical : diff >= 0.05 ? Priority.High : Priority.Medium,
            Unit = "share",
            ErrorType = errorType,
            Example = example,
        });
    }

    private void Durations(List<RegressionFinding> findings, string subject, string key, RegressionHistogram? after, RegressionHistogram? before)
    {
        if (after is null || before is null || after.Count < _r.MinSamples || before.Count < _r.MinSamples)
        {
            return;
        }

        var (p, _) = RegressionHistogram.MannWhitneyGreater(after, before);
        var (b50, a50) = (before.Quantile(0.5), after.Quantile(0.5));
        var (b95, a95) = (before.Quantile(0.95), after.Quantile(0.95));
        var r50 = Ratio(a50, b50);
        var r95 = Ratio(a95, b95);
        var use95 = r95 >= r50;
        var ratio = use95 ? r95 : r50;
        findings.Add(new RegressionFinding
        {
            Subject = subject,
            Key = key,
            Metric = use95 ? "p95_duration" : "p50_duration",
            Before = Statistics.Round(use95 ? b95 : b50, 3),
            After = Statistics.Round(use95 ? a95 : a50, 3),
            Effect = ratio,
            EffectIsRatio = true,
            PValue = p,
            BeforeSamples = before.Count,
            AfterSamples = after.Count,
            AboveFloor = ratio >= _r.MinDurationRatio,
            Severity = ratio >= 4 ? Priority.Critical : ratio >= 2 ? Priority.High : Priority.Medium,
            Unit = "s",
            P95After = Statistics.Round(a95, 3),
        });
    }

    private void Mean(List<RegressionFinding> findings, string subject, string key, string metric, string unit, RegressionHistogram? after, RegressionHistogram? before)
    {
        if (after is null || before is null || after.Count < _r.MinSamples || before.Count < _r.MinSamples)
        {
            return;
        }

        var (p, _) = RegressionHistogram.MannWhitneyGreater(after, before);
        var ratio = Ratio(after.Mean, before.Mean);
        findings.Add(new RegressionFinding
        {
            Subject = subject,
            Key = key,
            Metric = metric,
            Before = Statistics.Round(before.Mean, 6),
            After = Statistics.Round(after.Mean, 6),
            Effect = ratio,
            EffectIsRatio = true,
            PValue = p,
            BeforeSamples = before.Count,
            AfterSamples = after.Count,
            AboveFloor = ratio >= _r.MinCostRatio,
            Severity = ratio >= 3 ? Priority.Critical : ratio >= 2 ? Priority.High : Priority.Medium,
            Unit = unit,
        });
    }

    private void Volume(List<RegressionFinding> findings, string subject, string key, long after, long before)
    {
        if (before < _r.MinSamples)
        {
            return;
        }

        var rateAfter = after / _windowHours;
        var rateBefore = before / _baselineHours;
        var ratio = Ratio(rateAfter, rateBefore);
        var big = Math.Max(ratio, ratio > 0 ? 1 / ratio : double.PositiveInfinity);
        findings.Add(new RegressionFinding
        {
            Subject = subject,
            Key = key,
            Metric = "volume",
            Before = Statistics.Round(rateBefore, 3),
            After = Statistics.Round(rateAfter, 3),
            Effect = ratio,
            EffectIsRatio = true,
            PValue = RegressionStatistics.RateRatioTwoSided(after, _windowHours, before, _baselineHours),
            BeforeSamples = before,
            AfterSamples = after,
            AboveFloor = big >= _r.MinVolumeRatio,
            Severity = big >= 2 * _r.MinVolumeRatio ? Priority.Medium : Priority.Low,
            Unit = "per_hour",
        });
    }

    private static double Ratio(double after, double before) =>
        before > 0 ? after / before : after > 0 ? double.PositiveInfinity : 1;

    private LogPattern NewError(string errorType, string text, string key, RegressionSeries series, long count, long activity)
    {
        var share = activity > 0 ? (double)count / activity : 0;
        var severity = share >= 0.05 ? Priority.High : Priority.Medium;
        var metadata = Window(LogPattern.ErrorSubject, severity);
        metadata["error_type"] = errorType;
        metadata["template"] = text;
        metadata["metric"] = "occurrences";
        metadata["before"] = 0L;
        metadata["after"] = count;
        metadata["effect"] = Statistics.Round(share, 6);
        metadata["effect_kind"] = "share_of_activity";
        metadata["p_value"] = 0d;
        metadata["window_samples"] = activity;
        var first = StartOf(series.FirstDay());
        return new LogPattern
        {
            Type = PatternType.NewError,
            Subject = LogPattern.ErrorSubject,
            Key = key,
            Description = Inv($"New error since {first:yyyy-MM-dd}: {errorType} \"{text}\" occurred {count} times in the last {_r.WindowDays} days and never in the {_baselineDays} days before."),
            Occurrences = count,
            ImpactScore = RegressionText.Impact(severity),
            FirstSeen = first < _windowStart ? _windowStart : first,
            LastSeen = _end,
            Examples = series.Example is { } example ? [example] : [],
            Metadata = metadata,
        };
    }

    private LogPattern ToPattern(List<RegressionFinding> list)
    {
        list.Sort(static (a, b) => b.Severity != a.Severity ? b.Severity.CompareTo(a.Severity) : a.PValue.CompareTo(b.PValue));
        var primary = list[0];
        var metadata = Window(primary.Subject, primary.Severity);
        metadata["metric"] = primary.Metric;
        metadata["unit"] = primary.Unit;
        metadata["before"] = primary.Before;
        metadata["after"] = primary.After;
        metadata["effect"] = double.IsFinite(primary.Effect) ? Statistics.Round(primary.Effect, 4) : 1e9;
        metadata["effect_kind"] = primary.EffectIsRatio ? "ratio" : "difference";
        metadata["p_value"] = primary.PValue;
        metadata["window_samples"] = primary.AfterSamples;
        metadata["baseline_samples"] = primary.BeforeSamples;
        metadata["metrics"] = list.Select(f => f.Metric).ToList();
        metadata["findings"] = list.Select(RegressionText.Describe).ToList();
        if (list.FirstOrDefault(f => f.P95After is not null)?.P95After is { } p95)
        {
            metadata["p95_after_s"] = p95;
        }

        if (primary.ErrorType is { } errorType)
        {
            metadata["error_type"] = errorType;
        }

        var noun = primary.Subject switch
        {
            LogPattern.TaskSubject => "Task",
            LogPattern.ToolSubject => "Tool",
            LogPattern.ModelSubject => "Model",
            _ => "Error",
        };
        var more = list.Count > 1 ? Inv($" (and {list.Count - 1} more)") : string.Empty;
        return new LogPattern
        {
            Type = PatternType.Regression,
            Subject = primary.Subject,
            Key = primary.Key,
            Description = Inv($"{noun} {primary.Key}: {RegressionText.Describe(primary)}{more}, last {_r.WindowDays} days against the {_baselineDays} days before."),
            Occurrences = primary.AfterSamples,
            ImpactScore = RegressionText.Impact(primary.Severity),
            FirstSeen = _windowStart,
            LastSeen = _end,
            Examples = primary.Example is { } example ? [example] : [],
            Metadata = metadata,
        };
    }

    private Dictionary<string, object> Window(string subject, Priority severity)
    {
        var metadata = DetectorSupport.Metadata(subject);
        metadata["severity"] = EnumNames.ToName(severity);
        metadata["window_from"] = _windowStart.ToString("O", CultureInfo.InvariantCulture);
        metadata["window_to"] = _end.ToString("O", CultureInfo.InvariantCulture);
        metadata["baseline_from"] = _baselineStart.ToString("O", CultureInfo.InvariantCulture);
        metadata["baseline_to"] = _windowStart.ToString("O", CultureInfo.InvariantCulture);
        return metadata;
    }
}
