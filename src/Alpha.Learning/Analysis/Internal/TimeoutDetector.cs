using Alpha.Learning.Logs;

using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Analysis.Internal;

/// <summary>
/// <c>timeout_pattern</c>: per task, failures that are timeouts (by error type, by wording, or by a duration that ends
/// at the configured timeout), linked to their message templates. Recommends raising <c>tasks.timeouts.&lt;task&gt;</c>.
/// </summary>
/// <remarks>
/// The proposed timeout is <c>clamp(basis, current, min(MaxTaskTimeoutSeconds, current × MaxTimeoutIncreaseFactor))</c>
/// rounded up to a whole second, where <c>current</c> is the known timeout of the task (or the default, 30 s) and
/// <c>basis</c> is the p95 of successful durations × <c>TimeoutMultiplier</c> (1.5) when at least
/// <c>MinSamplesForPercentile</c> successful durations are known, else <c>current × TimeoutMultiplier</c>. When the
/// result does not exceed <c>current</c> (successful runs finish well within it, so the timeouts look like hangs), the
/// recommendation is for a person only.
/// </remarks>
internal sealed class TimeoutDetector : IPatternDetector
{
    public const string DetectorName = "timeout_pattern";

    public string Name => DetectorName;

    public IPatternDetectorSession CreateSession(AnalysisContext context) => new Session(context);

    internal static bool IsTaskTimeout(ErrorClassifier classifier, AnalysisOptions options, ExecutionEvent e) =>
        classifier.IsTimeout(e.ErrorType, e.Error) || EndsAtTimeout(options, e);

    /// <summary>Whether the run lasted (about) as long as its task's timeout.</summary>
    private static bool EndsAtTimeout(AnalysisOptions options, ExecutionEvent e)
    {
        if (e.Duration is { } duration && e.TaskName is { } task)
        {
            var timeout = options.TimeoutFor(task);
            return timeout > 0 && duration >= timeout * (1 - options.TimeoutDurationTolerance);
        }

        return false;
    }

    public IEnumerable<ImprovementRecommendation> Recommend(LogPattern pattern, RecommendationContext context)
    {
        if (pattern.Type != PatternType.TimeoutPattern || pattern.Subject != LogPattern.TaskSubject)
        {
            yield break;
        }

        var options = context.Options;
        var task = pattern.Key;
        var path = ConfigPaths.TryBuild(options.TaskTimeoutPath, "{task}", task, out var reason);

        // The current timeout is what the configuration holds; only where it holds none (or is not known) is the
        // default assumed, and the recommendation says so.
        var configKnown = Recommendations.TryReadConfig(context, path, out var held);
        var configured = Recommendations.AsNumber(held);
        if (configKnown && held is not null && configured is null)
        {
            yield break; // a value this rule cannot read as seconds: it proposes nothing over it
        }

        var current = configured ?? options.TimeoutFor(task);
        var assumed = new Dictionary<string, object>(StringComparer.Ordinal);
        if (configured is null && path is not null)
        {
            assumed[path] = current;
        }
        var successCount = (long)Recommendations.GetDouble(pattern, "successful_runs", 0);
        var p95 = Recommendations.GetDouble(pattern, "success_p95_s");
        var runs = (long)Recommendations.GetDouble(pattern, "runs", pattern.Occurrences);
        var timeouts = pattern.Occurrences;
        var fromPercentile = successCount >= options.MinSamplesForPercentile && double.IsFinite(p95);
        var basis = fromPercentile ? p95 * options.TimeoutMultiplier : current * options.TimeoutMultiplier;
        var ceiling = Math.Min(options.MaxTaskTimeoutSeconds, current * options.MaxTimeoutIncreaseFactor);
        var proposed = Math.Ceiling(Math.Clamp(basis, current, Math.Max(current, ceiling)));

        var (lower, upper) = Statistics.Wilson(timeouts, Math.Max(runs, timeouts));
        var confidence = Statistics.Confidence(Math.Max(runs, timeouts), upper - lower, Statistics.EffectFactor((double)timeouts / Math.Max(1, options.TimeoutMinOccurrences)));
        var works = Recommendations.HasPattern(context, PatternType.SuccessfulPattern, LogPattern.TaskSubject, task);
        if (works)
        {
            confidence = Math.Round(confidence * 0.8, 4);
        }

        if (!fromPercentile)
        {
            confidence = Math.Round(confidence * 0.8, 4);
        }

        var evidence = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["timeouts"] = timeouts,
            ["runs"] = runs,
            ["timeout_rate_lower"] = Statistics.Round(lower),
            ["current_timeout_s"] = current,
            ["current_timeout_source"] = configured is not null ? "config" : options.KnownTaskTimeoutSeconds.ContainsKey(task) ? "KnownTaskTimeoutSeconds" : "DefaultTaskTimeoutSeconds",
            ["successful_runs"] = successCount,
            ["basis"] = fromPercentile ? "p95_of_successful_durations" : "current_timeout",
        };
        if (fromPercentile)
        {
            evidence["success_p95_s"] = Statistics.Round(p95);
        }

        var priority = Statistics.PriorityFromImpact(pattern.ImpactScore);
        if (proposed <= current)
        {
            yield return Recommendations.Create(
                pattern,
                ActionType.ConfigUpdate,
                Inv($"Investigate timeouts of {task}"),
                Inv($"{timeouts} runs timed out, but successful runs finish within {Recommendations.Seconds(p95)} (p95), well under the {Recommendations.Seconds(current)} timeout: a longer timeout would not help; the runs that time out look stuck."),
                priority,
                confidence,
                RiskLevel.Risky,
                [],
                TargetMetric.TimeoutRate,
                evidence,
                "Successful runs fit well within the current timeout: no configuration change is proposed.",
                assumed: assumed);
            yield break;
        }

        object? oldValue = configKnown ? held : options.KnownTaskTimeoutSeconds.TryGetValue(task, out var known) ? known : null;
        IReadOnlyList<ConfigChange> changes = path is null
            ? []
            : [new ConfigChange { Path = path, OldValue = oldValue, NewValue = (long)proposed }]; // whole seconds, always above the current value

        // A raise cuts no work that finishes today; it is safe when the percentile supports it and the step is bounded.
        var safe = fromPercentile && !works && proposed <= current * 1.5;

        // Expected benefit: the timeouts per week that finish within the new bound (the share of successful runs that
        // needed longer than the current timeout is unknown, so half of them is assumed).
        var tasksSaved = Recommendations.PerWeek(context, pattern, timeouts) * 0.5;
        var note = changes.Count == 0 ? reason
            : assumed.Count > 0 ? Inv($"The configuration has no value at '{path}': the current timeout was assumed to be {Recommendations.Seconds(current)} (AnalysisOptions.{(options.KnownTaskTimeoutSeconds.ContainsKey(task) ? "KnownTaskTimeoutSeconds" : "DefaultTaskTimeoutSeconds")}).")
            : null;
        yield return Recommendations.Create(
            pattern,
            ActionType.ConfigUpdate,
            Inv($"Raise the timeout of {task} to {Recommendations.Seconds(proposed)}"),
            fromPercentile
                ? Inv($"{timeouts} of {runs} runs timed out at {Recommendations.Seconds(current)}; successful runs take up to {Recommendations.Seconds(p95)} (p95), so {options.TimeoutMultiplier.ToString(System.Globalization.CultureInfo.InvariantCulture)} × p95 gives {Recommendations.Seconds(proposed)} (bounded).")
                : Inv($"{timeouts} of {runs} runs timed out at {Recommendations.Seconds(current)} and too few successful durations are known for a percentile; a bounded step to {Recommendations.Seconds(proposed)} is proposed."),
            priority,
            confidence,
            safe ? RiskLevel.Safe : RiskLevel.Risky,
            changes,
            TargetMetric.TimeoutRate,
            evidence,
            note,
            tasksSavedPerWeek: tasksSaved,
            assumed: assumed);
    }

    /// <summary>
    /// The rule of <c>timeout_pattern</c> over the task types' figures: one analysis's (its session) or a fleet's merged
    /// ones; a task type with at least <c>TimeoutMinOccurrences</c> timeouts.
    /// </summary>
    /// <param name="tasks">The figures per task type.</param>
    /// <param name="templateTexts">The text of each template id the figures use.</param>
    /// <param name="options">The thresholds.</param>
    /// <param name="now">The analysis instant (for the impact's recency).</param>
    internal static List<LogPattern> Patterns(IReadOnlyDictionary<string, TimeoutTaskStats> tasks, IReadOnlyDictionary<int, string> templateTexts, AnalysisOptions options, DateTimeOffset now)
    {
        var patterns = new List<LogPattern>();
        foreach (var (task, stats) in tasks)
        {
            var timeouts = stats.Timeouts.Count;
            if (timeouts < options.TimeoutMinOccurrences)
            {
                continue;
            }

            var runs = Math.Max(stats.Runs, timeouts);
            var rate = (double)timeouts / runs;
            var (lower, _) = Statistics.Wilson(timeouts, runs);
            var metadata = DetectorSupport.Metadata(LogPattern.TaskSubject);
            metadata["timeouts"] = timeouts;
            metadata["runs"] = runs;
            metadata["timeout_rate"] = Statistics.Round(rate);
            metadata["timeout_rate_lower"] = Statistics.Round(lower);
            metadata["current_timeout_s"] = options.TimeoutFor(task);
            metadata["timeouts_by_duration_only"] = stats.DurationOnly;
            metadata["successful_runs"] = stats.SuccessDurations.Count;
            if (stats.SuccessDurations.Count > 0)
            {
                metadata["success_p50_s"] = Statistics.Round(stats.SuccessDurations.Quantile(0.5));
                metadata["success_p95_s"] = Statistics.Round(stats.SuccessDurations.Quantile(0.95));
                metadata["success_max_s"] = Statistics.Round(stats.SuccessDurations.Max);
            }

            var ids = new List<int>(stats.Templates.Keys);
            ids.Sort();
            var texts = new List<string>();
            var templateIds = new List<string>();
            foreach (var id in ids)
            {
                templateIds.Add(id.ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (templateTexts.TryGetValue(id, out var text))
                {
                    texts.Add(text);
                }
            }

            metadata["templates"] = texts;
            metadata["template_ids"] = templateIds;
            metadata["error_types"] = DetectorSupport.Sorted(stats.ErrorTypes);
            patterns.Add(new LogPattern
            {
                Type = PatternType.TimeoutPattern,
                Subject = LogPattern.TaskSubject,
                Key = task,
                Description = Inv($"Task {task} timed out {timeouts} times in {runs} runs ({rate:P0})."),
                Occurrences = timeouts,
                ImpactScore = Statistics.Impact(timeouts, stats.Timeouts.Last, now, 10, options.RecencyHalfLife, 0.5 + (0.5 * rate)),
                FirstSeen = stats.Timeouts.First,
                LastSeen = stats.Timeouts.Last,
                Examples = [.. stats.Examples],
                Metadata = metadata,
            });
        }

        return DetectorSupport.SortedPatterns(patterns);
    }

    internal sealed class Session(AnalysisContext context) : DetectorSession
    {
        private readonly AnalysisOptions _options = context.Options;
        private readonly ErrorClassifier _classifier = context.ErrorClassifier;
        private readonly Dictionary<string, TimeoutTaskStats> _tasks = new(StringComparer.Ordinal);
        private readonly ErrorTemplateMiner _templates = new(context.Options.ErrorTemplates);

        /// <summary>Gets the task types seen so far (what a fleet instance reports of them).</summary>
        internal IReadOnlyDictionary<string, TimeoutTaskStats> Tasks => _tasks;

        /// <summary>Gets the text of each template id the task types' figures use.</summary>
        internal Dictionary<int, string> TemplateTexts()
        {
            var byId = new Dictionary<int, string>();
            foreach (var template in _templates.Templates)
            {
                byId[template.Id] = template.Text;
            }

            return byId;
        }

        public override void Observe(ExecutionEvent executionEvent)
        {
            if (executionEvent.TaskName is not { } task)
            {
                return;
            }

            if (executionEvent.Kind == ExecutionEventKind.TaskComplete)
            {
                var stats = DetectorSupport.GetOrAdd(_tasks, task, _options.MaxSubjects);
                if (stats is null)
                {
                    return;
                }

                stats.Runs++;
                if (executionEvent.Duration is { } duration)
                {
                    stats.SuccessDurations.Add(duration);
                }
            }
            else if (executionEvent.Kind == ExecutionEventKind.TaskError)
            {
                var stats = DetectorSupport.GetOrAdd(_tasks, task, _options.MaxSubjects);
                if (stats is null)
                {
                    return;
                }

                stats.Runs++;
                var byWording = _classifier.IsTimeout(executionEvent.ErrorType, executionEvent.Error);
                if (!byWording && !EndsAtTimeout(_options, executionEvent))
                {
                    return;
                }

                if (!byWording)
                {
                    stats.DurationOnly++;
                }

                stats.Timeouts.Add(executionEvent.Timestamp);
                var message = executionEvent.Error ?? executionEvent.ErrorType ?? "timeout";
                stats.AddTemplate(_templates.Add(message).Id, 1);

                if (stats.Examples.Count < _options.MaxExamples)
                {
                    stats.Examples.Add(TextUtil.Example(message, _options.ExampleMaxLength));
                }

                DetectorSupport.AddDistinct(stats.ErrorTypes, executionEvent.ErrorType, _options.MaxAffectedNames);
            }
        }

        public override IReadOnlyList<LogPattern> GetPatterns() => Patterns(_tasks, TemplateTexts(), _options, context.Now);
    }
}
