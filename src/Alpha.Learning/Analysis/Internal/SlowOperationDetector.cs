using Alpha.Learning.Logs;

using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Analysis.Internal;

/// <summary>
/// <c>slow_operation</c>: per tool (calls over <c>SlowToolThresholdSeconds</c>) and per task (successful runs over
/// <c>SlowTaskThresholdSeconds</c>; failed runs are left out, so a run that ends at its timeout is reported once, as a timeout), with p50, p95 and max from a memory-bounded <see cref="QuantileSketch"/>.
/// A slow tool gets a tool timeout of <c>clamp(ceil(p95 × TimeoutMultiplier), threshold, MaxToolTimeoutSeconds)</c>
/// and, when redundant calls of it are seen, result caching. A slow task gets a recommendation for a person.
/// </summary>
internal sealed class SlowOperationDetector : IPatternDetector
{
    public const string DetectorName = "slow_operation";

    public string Name => DetectorName;

    public IPatternDetectorSession CreateSession(AnalysisContext context) => new Session(context);

    public IEnumerable<ImprovementRecommendation> Recommend(LogPattern pattern, RecommendationContext context)
    {
        if (pattern.Type != PatternType.SlowOperation)
        {
            yield break;
        }

        var options = context.Options;
        var calls = (long)Recommendations.GetDouble(pattern, "count", pattern.Occurrences);
        var slow = pattern.Occurrences;
        var p95 = Recommendations.GetDouble(pattern, "p95_s");
        var threshold = Recommendations.GetDouble(pattern, "threshold_s", pattern.Subject == LogPattern.ToolSubject ? options.SlowToolThresholdSeconds : options.SlowTaskThresholdSeconds);
        var (lower, upper) = Statistics.Wilson(slow, Math.Max(calls, slow));
        var confidence = Statistics.Confidence(Math.Max(calls, slow), upper - lower, Statistics.EffectFactor(p95 / threshold));
        var priority = Statistics.PriorityFromImpact(pattern.ImpactScore);
        var evidence = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["count"] = calls,
            ["over_threshold"] = slow,
            ["p95_s"] = Statistics.Round(p95),
            ["threshold_s"] = threshold,
        };

        if (pattern.Subject != LogPattern.ToolSubject)
        {
            yield return Recommendations.Create(
                pattern,
                ActionType.ConfigUpdate,
                Inv($"Investigate slow runs of {pattern.Key}"),
                Inv($"{slow} of {calls} runs took longer than {Recommendations.Seconds(threshold)} (p95 {Recommendations.Seconds(p95)}). No safe configuration change speeds up a task as a whole; a person should look at where the time goes."),
                priority > Priority.Low ? Priority.Low : priority,
                confidence,
                RiskLevel.Risky,
                [],
                TargetMetric.P95Duration,
                evidence,
                "Slow task: no configuration change is proposed.");
            yield break;
        }

        var tool = pattern.Key;
        var timeout = Math.Ceiling(Math.Clamp(p95 * options.TimeoutMultiplier, threshold, Math.Max(threshold, options.MaxToolTimeoutSeconds)));
        var changes = new List<ConfigChange>();
        var timeoutPath = ConfigPaths.TryBuild(options.ToolTimeoutPath, "{tool}", tool, out var reason);

        // The tool's current timeout is what the configuration holds. A bound where none is, or below the one held,
        // can make calls fail that succeed today: that is risky. A bound above the one held is a raise.
        var configKnown = Recommendations.TryReadConfig(context, timeoutPath, out var held);
        var current = Recommendations.AsNumber(held);
        var direction = current is { } c ? timeout.CompareTo(c) : -1;
        if (timeoutPath is not null && double.IsFinite(timeout) && direction != 0 && !(configKnown && held is not null && current is null))
        {
            changes.Add(new ConfigChange { Path = timeoutPath, OldValue = configKnown ? held : null, NewValue = (long)timeout }); // whole seconds
        }

        var chain = Recommendations.FindPattern(context, PatternType.InefficientToolChain, LogPattern.ToolSubject, tool);
        var redundant = chain is null ? 0 : (long)Recommendations.GetDouble(chain, "redundant_calls", 0);
        if (redundant > 0 && timeoutPath is not null)
        {
            var cachePath = ConfigPaths.TryBuild(options.ToolCachePath, "{tool}", tool, out reason);
            if (cachePath is not null && !(Recommendations.TryReadConfig(context, cachePath, out var cached) && cached is true))
            {
                changes.Add(new ConfigChange { Path = cachePath, NewValue = true });
                evidence["redundant_calls"] = redundant;
            }
        }

        if (changes.Count == 0)
        {
            yield break; // the configuration already holds what this rule would set
        }

        var sets = changes[0].Path == timeoutPath;
        var lowers = sets && direction < 0;
        evidence["proposed_timeout_s"] = timeout;
        if (current is { } now)
        {
            evidence["current_timeout_s"] = now;
        }

        var verb = !sets ? "Cache" : current is null ? "Bound" : lowers ? "Lower the timeout of" : "Raise the timeout of";
        var title = !sets ? Inv($"Cache results of the slow tool {tool}")
            : current is null ? (redundant > 0 ? Inv($"Bound and cache the slow tool {tool}") : Inv($"Bound the slow tool {tool}"))
            : Inv($"{verb} the slow tool {tool} to {Recommendations.Seconds(timeout)}");
        var enough = calls >= 4 * options.MinSamplesForPercentile;
        yield return Recommendations.Create(
            pattern,
            ActionType.ToolStrategy,
            title,
            Inv($"{slow} of {calls} calls took longer than {Recommendations.Seconds(threshold)} (p95 {Recommendations.Seconds(p95)}); a timeout of {Recommendations.Seconds(timeout)} stops runaway calls without cutting normal ones.")
                + (current is { } held2 ? Inv($" The configuration holds {Recommendations.Seconds(held2)}.") : string.Empty)
                + (redundant > 0 ? Inv($" {redundant} calls repeated earlier calls with the same parameters, so caching results saves time.") : string.Empty),
            priority,
            confidence,
            // Lowering a limit (or adding one where none is) can make work fail: never safe. Raising one is safe with enough samples.
            sets && (lowers || current is null) ? (configKnown ? RiskLevel.Risky : enough ? RiskLevel.Safe : RiskLevel.Risky) : enough ? RiskLevel.Safe : RiskLevel.Risky,
            changes,
            TargetMetric.P95Duration,
            evidence,
            changes.Count == 0 ? reason : null);
    }

    /// <summary>
    /// The rule of <c>slow_operation</c> for one tool or task type, over one analysis's figures (its session) or a
    /// fleet's merged ones: a pattern when at least <c>SlowMinOccurrences</c> durations were over the threshold.
    /// </summary>
    /// <param name="subject">The subject (<see cref="LogPattern.ToolSubject"/> or <see cref="LogPattern.TaskSubject"/>).</param>
    /// <param name="noun">"Tool" or "Task", for the description.</param>
    /// <param name="name">The tool or task type.</param>
    /// <param name="durations">Every duration of it.</param>
    /// <param name="slow">The durations over the threshold.</param>
    /// <param name="threshold">The threshold in seconds.</param>
    /// <param name="options">The thresholds.</param>
    /// <param name="now">The analysis instant (for the impact's recency).</param>
    internal static LogPattern? Pattern(string subject, string noun, string name, QuantileSketch durations, Occurrence slow, double threshold, AnalysisOptions options, DateTimeOffset now)
    {
        if (slow.Count < options.SlowMinOccurrences)
        {
            return null;
        }

        var count = durations.Count;
        var p50 = durations.Quantile(0.5);
        var p95 = durations.Quantile(0.95);
        var metadata = DetectorSupport.Metadata(subject);
        metadata["count"] = count;
        metadata["over_threshold"] = slow.Count;
        metadata["threshold_s"] = threshold;
        metadata["p50_s"] = Statistics.Round(p50);
        metadata["p95_s"] = Statistics.Round(p95);
        metadata["max_s"] = Statistics.Round(durations.Max);
        metadata["mean_s"] = Statistics.Round(durations.Sum / count);
        var severity = Math.Clamp(0.5 + (0.25 * ((p95 / threshold) - 1)), 0.5, 1);
        return new LogPattern
        {
            Type = PatternType.SlowOperation,
            Subject = subject,
            Key = name,
            Description = Inv($"{noun} {name} was slower than {Recommendations.Seconds(threshold)} {slow.Count} times (p50 {Recommendations.Seconds(Statistics.Round(p50, 3))}, p95 {Recommendations.Seconds(Statistics.Round(p95, 3))}, max {Recommendations.Seconds(Statistics.Round(durations.Max, 3))})."),
            Occurrences = slow.Count,
            ImpactScore = Statistics.Impact(slow.Count, slow.Last, now, 20, options.RecencyHalfLife, severity),
            FirstSeen = slow.First,
            LastSeen = slow.Last,
            Metadata = metadata,
        };
    }

    private sealed class DurationStats
    {
        public QuantileSketch Durations { get; } = new();

        public Occurrence Slow { get; } = new();
    }

    private sealed class Session(AnalysisContext context) : DetectorSession
    {
        private readonly AnalysisOptions _options = context.Options;
        private readonly Dictionary<string, DurationStats> _tools = new(StringComparer.Ordinal);
        private readonly Dictionary<string, DurationStats> _tasks = new(StringComparer.Ordinal);

        public override void Observe(ExecutionEvent executionEvent)
        {
            if (executionEvent.Duration is not { } duration)
            {
                return;
            }

            switch (executionEvent.Kind)
            {
                case ExecutionEventKind.ToolExecution when executionEvent.ToolName is { } tool:
                    Record(_tools, tool, duration, _options.SlowToolThresholdSeconds, executionEvent.Timestamp);
                    break;
                case ExecutionEventKind.TaskComplete when executionEvent.TaskName is { } task:
                    Record(_tasks, task, duration, _options.SlowTaskThresholdSeconds, executionEvent.Timestamp);
                    break;
            }
        }

        public override IReadOnlyList<LogPattern> GetPatterns()
        {
            var patterns = new List<LogPattern>();
            AddPatterns(patterns, _tools, LogPattern.ToolSubject, "Tool", _options.SlowToolThresholdSeconds);
            AddPatterns(patterns, _tasks, LogPattern.TaskSubject, "Task", _options.SlowTaskThresholdSeconds);
            return DetectorSupport.SortedPatterns(patterns);
        }

        private void Record(Dictionary<string, DurationStats> map, string name, double duration, double threshold, DateTimeOffset at)
        {
            var stats = DetectorSupport.GetOrAdd(map, name, _options.MaxSubjects);
            if (stats is null)
            {
                return;
            }

            stats.Durations.Add(duration);
            if (duration > threshold)
            {
                stats.Slow.Add(at);
            }
        }

        private void AddPatterns(List<LogPattern> patterns, Dictionary<string, DurationStats> map, string subject, string noun, double threshold)
        {
            foreach (var (name, stats) in map)
            {
                if (Pattern(subject, noun, name, stats.Durations, stats.Slow, threshold, _options, context.Now) is { } pattern)
                {
                    patterns.Add(pattern);
                }
            }
        }
    }
}
