using Alpha.Learning.Logs;

using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Analysis.Internal;

/// <summary>
/// <c>recurring_error</c>: failed tasks and tool calls grouped per error type and message template (see
/// <see cref="ErrorTemplateMiner"/>). A task error that is a timeout is left to <see cref="TimeoutDetector"/>, so one
/// cause is reported once. A transient error gets an <c>error_handling</c> retry with backoff for its error type; any
/// other error gets a recommendation for a person, with no change.
/// </summary>
internal sealed class RecurringErrorDetector : IPatternDetector
{
    public const string DetectorName = "recurring_error";
    private const string UnknownErrorType = "UnknownError";
    private const string ToolErrorType = "ToolError";

    public string Name => DetectorName;

    public IPatternDetectorSession CreateSession(AnalysisContext context) => new Session(context);

    public IEnumerable<ImprovementRecommendation> Recommend(LogPattern pattern, RecommendationContext context)
    {
        if (pattern.Type != PatternType.RecurringError)
        {
            yield break;
        }

        var options = context.Options;
        var errorType = Recommendations.GetString(pattern, "error_type") ?? UnknownErrorType;
        var transient = Recommendations.GetBool(pattern, "transient");
        var n = pattern.Occurrences;
        var width = Math.Min(1, Statistics.Z95 / Math.Sqrt(Math.Max(1, n)));
        var confidence = Statistics.Confidence(n, width, Statistics.EffectFactor((double)n / Math.Max(1, options.RecurringErrorMinOccurrences)));
        var priority = Statistics.PriorityFromImpact(pattern.ImpactScore);
        var evidence = new Dictionary<string, object>(StringComparer.Ordinal) { ["error_type"] = errorType, ["transient"] = transient };

        if (!transient)
        {
            yield return Recommendations.Create(
                pattern,
                ActionType.ErrorHandling,
                Inv($"Investigate recurring {errorType}"),
                Inv($"The error occurred {n} times; it is not transient, so retrying will not help. A person should look at the cause."),
                priority,
                confidence,
                RiskLevel.Risky,
                [],
                TargetMetric.ErrorRate,
                evidence,
                "Not a transient error: no configuration change is proposed.");
            yield break;
        }

        var attempts = ConfigPaths.TryBuild(options.ErrorRetryAttemptsPath, "{error}", errorType, out var reason);
        var backoff = attempts is null ? null : ConfigPaths.TryBuild(options.ErrorRetryBackoffPath, "{error}", errorType, out reason);
        // Read from the configuration: a retry count is only ever raised here (lowering one can make work fail), and a
        // backoff the host set is kept.
        var proposedAttempts = Math.Clamp(options.RetryMaxAttempts, 1, 10);
        var attemptsKnown = Recommendations.TryReadConfig(context, attempts, out var heldAttempts);
        var currentAttempts = Recommendations.AsNumber(heldAttempts);
        if (attemptsKnown && heldAttempts is not null && (currentAttempts is null || currentAttempts >= proposedAttempts))
        {
            yield break; // the host already retries at least as often (or holds a value this rule cannot read)
        }

        var backoffKnown = Recommendations.TryReadConfig(context, backoff, out var heldBackoff);
        var changes = new List<ConfigChange>();
        if (attempts is not null && backoff is not null)
        {
            changes.Add(new ConfigChange { Path = attempts, OldValue = attemptsKnown ? heldAttempts : null, NewValue = proposedAttempts });
            if (!backoffKnown || heldBackoff is null)
            {
                changes.Add(new ConfigChange { Path = backoff, NewValue = Math.Clamp(options.RetryInitialBackoffSeconds, 0.1, 60) });
            }
        }

        if (currentAttempts is { } had)
        {
            evidence["current_max_retries"] = had;
        }
        evidence["retry_max_attempts"] = options.RetryMaxAttempts;
        evidence["retry_initial_backoff_s"] = options.RetryInitialBackoffSeconds;
        yield return Recommendations.Create(
            pattern,
            ActionType.ErrorHandling,
            Inv($"Retry {errorType} with backoff"),
            Inv($"The transient error occurred {n} times; retrying up to {options.RetryMaxAttempts} times with exponential backoff from {Recommendations.Seconds(options.RetryInitialBackoffSeconds)} usually absorbs it."),
            priority,
            confidence,
            n >= 2 * options.RecurringErrorMinOccurrences ? RiskLevel.Safe : RiskLevel.Risky,
            changes,
            TargetMetric.ErrorRate,
            evidence,
            changes.Count == 0 ? reason : null,
            // Expected benefit: the task failures per week of this error; a retry is assumed to save half of them.
            tasksSavedPerWeek: Recommendations.PerWeek(context, pattern, Recommendations.GetDouble(pattern, "task_failures", n)) * 0.5);
    }

    /// <summary>
    /// The rule of <c>recurring_error</c> for one template, over one analysis's figures (its session) or a fleet's
    /// merged ones: a pattern when it occurred at least <c>RecurringErrorMinOccurrences</c> times. Permanent templates
    /// are passed first, so a transient template whose text equals a permanent one's is the one marked in its key.
    /// </summary>
    internal static LogPattern? Pattern(HashSet<string> keys, string errorType, string text, int? templateId, bool transient, Occurrence seen, List<string> examples, List<string> tasks, List<string> tools, AnalysisOptions options, DateTimeOffset now)
    {
        if (seen.Count < options.RecurringErrorMinOccurrences)
        {
            return null;
        }

        var metadata = DetectorSupport.Metadata(LogPattern.ErrorSubject);
        metadata["error_type"] = errorType;
        metadata["template"] = text;
        if (templateId is { } id)
        {
            metadata["template_id"] = (long)id;
        }

        metadata["transient"] = transient;
        metadata["affected_tasks"] = DetectorSupport.Sorted(tasks);
        if (tools.Count > 0)
        {
            metadata["affected_tools"] = DetectorSupport.Sorted(tools);
        }

        var key = string.Concat(errorType, ": ", text);
        return new LogPattern
        {
            Type = PatternType.RecurringError,
            Subject = LogPattern.ErrorSubject,
            Description = Inv($"{errorType} \"{text}\" occurred {seen.Count} times."),
            Key = keys.Add(key) ? key : string.Concat(key, transient ? " (transient)" : " (permanent)"),
            Occurrences = seen.Count,
            ImpactScore = Statistics.Impact(seen.Count, seen.Last, now, 20, options.RecencyHalfLife, transient ? 0.8 : 1),
            FirstSeen = seen.First,
            LastSeen = seen.Last,
            Examples = [.. examples],
            Metadata = metadata,
        };
    }

    private sealed class ErrorStats
    {
        public required string ErrorType { get; init; }

        public Occurrence Seen { get; } = new();

        public List<string> Examples { get; } = [];

        public List<string> Tasks { get; } = [];

        public List<string> Tools { get; } = [];

        public bool Transient { get; set; }
    }

    private sealed class Session(AnalysisContext context) : DetectorSession
    {
        private readonly AnalysisOptions _options = context.Options;
        private readonly ErrorClassifier _classifier = context.ErrorClassifier;
        private readonly Dictionary<string, ErrorTemplateMiner> _miners = new(StringComparer.Ordinal);
        private readonly Dictionary<string, ErrorTemplateMiner> _transientMiners = new(StringComparer.Ordinal);

        public override void Observe(ExecutionEvent executionEvent)
        {
            string errorType;
            if (executionEvent.Kind == ExecutionEventKind.TaskError)
            {
                if (executionEvent.Error is null && executionEvent.ErrorType is null)
                {
                    return;
                }

                // Timeouts of a task are the timeout detector's: one cause, one report. The decision is the one the
                // timeout detector makes, so every error event is counted by exactly one of the two.
                if (TimeoutDetector.IsTaskTimeout(_classifier, _options, executionEvent))
                {
                    return;
                }

                errorType = executionEvent.ErrorType ?? UnknownErrorType;
            }
            else if (executionEvent.Kind == ExecutionEventKind.ToolExecution && executionEvent.Success == false && (executionEvent.Error is not null || executionEvent.ErrorType is not null))
            {
                errorType = executionEvent.ErrorType ?? ToolErrorType;
            }
            else
            {
                return;
            }

            // One classification per template: the class depends only on the error type and the constant words of
            // the message, and each class has its own miner, so a template never mixes classes and a family is
            // never split by one member's parameter.
            var message = executionEvent.Error ?? errorType;
            var transient = _classifier.Classify(errorType, message) != ErrorClass.Permanent;
            var miners = transient ? _transientMiners : _miners;
            if (!miners.TryGetValue(errorType, out var miner))
            {
                if (_miners.Count + _transientMiners.Count >= _options.MaxErrorTypes)
                {
                    return;
                }

                miner = new ErrorTemplateMiner(_options.ErrorTemplates);
                miners.Add(errorType, miner);
            }

            var template = miner.Add(message);
            if (template.State is not ErrorStats stats)
            {
                stats = new ErrorStats { ErrorType = errorType, Transient = transient };
                template.State = stats;
            }

            stats.Seen.Add(executionEvent.Timestamp);
            if (stats.Examples.Count < _options.MaxExamples)
            {
                stats.Examples.Add(TextUtil.Example(message, _options.ExampleMaxLength));
            }

            DetectorSupport.AddDistinct(stats.Tasks, executionEvent.TaskName, _options.MaxAffectedNames);
            DetectorSupport.AddDistinct(stats.Tools, executionEvent.ToolName, _options.MaxAffectedNames);
        }

        public override IReadOnlyList<LogPattern> GetPatterns()
        {
            var patterns = new List<LogPattern>();
            var keys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (errorType, miner) in _miners.Concat(_transientMiners))
            {
                foreach (var template in miner.Templates)
                {
                    if (template.State is ErrorStats stats
                        && Pattern(keys, errorType, template.Text, template.Id, stats.Transient, stats.Seen, stats.Examples, stats.Tasks, stats.Tools, _options, context.Now) is { } pattern)
                    {
                        patterns.Add(pattern);
                    }
                }
            }

            return DetectorSupport.SortedPatterns(patterns);
        }
    }
}
