using Alpha.Learning.Logs;

using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Analysis.Internal;

/// <summary>
/// The baseline-relative detector: <c>regression</c> (a metric of a task type, tool, model or error template got
/// worse in the current window than in its baseline), <c>new_error</c> (an error template never seen before the
/// window) and <c>trend</c> (a steady weekly drift). See <see cref="RegressionOptions"/> for the windows, tests and
/// floors. A host replaces it by registering its own detector and removing this one, like any built-in detector.
/// </summary>
/// <remarks>
/// Recommendations: a tool whose latency regressed gets a tool timeout sized on its new p95 (risky: a person confirms
/// that the slowdown is not a fault to fix); everything else (a new error since a deploy, a price change, a drift) is
/// for a person, with the evidence.
/// </remarks>
internal sealed class RegressionDetector : IPatternDetector
{
    public const string DetectorName = "regression";

    public string Name => DetectorName;

    /// <summary>
    /// Creates a session; with <see cref="RegressionOptions.Enabled"/> off, one that observes nothing (switching the
    /// detector off removes its cost, not only its findings).
    /// </summary>
    public IPatternDetectorSession CreateSession(AnalysisContext context) =>
        context.Options.Regression.Enabled ? new RegressionSession(context) : DisabledSession.Instance;

    public IEnumerable<ImprovementRecommendation> Recommend(LogPattern pattern, RecommendationContext context)
    {
        if (pattern.Type != PatternType.Regression && pattern.Type != PatternType.NewError && pattern.Type != PatternType.Trend)
        {
            return [];
        }

        var options = context.Options;
        var severity = Recommendations.GetString(pattern, "severity") is { } name ? EnumNames.ParsePriority(name) : Priority.Medium;
        var metric = Recommendations.GetString(pattern, "metric") ?? string.Empty;
        var p = Recommendations.GetDouble(pattern, "p_value", 1);
        var samples = (long)Recommendations.GetDouble(pattern, "window_samples", pattern.Occurrences);
        var confidence = Statistics.Confidence(samples, Math.Clamp(p * 100, 0, 1), 1, 20);
        var evidence = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["metric"] = metric,
            ["before"] = Recommendations.GetDouble(pattern, "before", 0),
            ["after"] = Recommendations.GetDouble(pattern, "after", 0),
            ["effect"] = Recommendations.GetDouble(pattern, "effect", 0),
            ["p_value"] = p,
        };

        if (pattern.Type == PatternType.Regression && pattern.Subject == LogPattern.ToolSubject
            && metric is "p50_duration" or "p95_duration" && Recommendations.GetDouble(pattern, "p95_after_s") is var p95 && double.IsFinite(p95) && p95 > 0)
        {
            var timeout = Math.Ceiling(Math.Clamp(p95 * options.TimeoutMultiplier, 1, options.MaxToolTimeoutSeconds));
            var path = ConfigPaths.TryBuild(options.ToolTimeoutPath, "{tool}", pattern.Key, out var reason);
            IReadOnlyList<ConfigChange> changes = path is null ? [] : [new ConfigChange { Path = path, NewValue = (long)timeout }];
            evidence["proposed_timeout_s"] = timeout;
            return
            [
                Recommendations.Create(
                    pattern,
                    ActionType.ToolStrategy,
                    Inv($"Bound the tool {pattern.Key}, whose latency regressed"),
                    Inv($"{pattern.Description} A timeout of {Recommendations.Seconds(timeout)} (its new p95 × {options.TimeoutMultiplier}) stops calls that hang while a person finds out what changed; a fallback may be worth adding too."),
                    severity,
                    confidence,
                    RiskLevel.Risky,
                    changes,
                    TargetMetric.P95Duration,
                    evidence,
                    changes.Count == 0 ? reason : null),
            ];
        }

        var (title, advice, target) = (pattern.Type.Value, pattern.Subject, metric) switch
        {
            ("new_error", _, _) => (Inv($"Look into a new error: {Short(pattern.Key)}"), "It was never seen before this window: often a deploy or a provider change. A person should find its cause; no configuration change is proposed.", TargetMetric.ErrorRate),
            ("trend", _, _) => (Inv($"Watch the drift of {pattern.Key}"), "A steady drift has no single cause to revert; a person should look at prompt sizes, routing and prices before the budget is crossed.", TargetMetric.None),
            (_, LogPattern.ModelSubject, "cost_per_call" or "tokens_per_call") => (Inv($"Check the cost of model {pattern.Key}"), "A model's cost per call rose against its baseline: a price change, or longer prompts. Update the price table or route tasks to a cheaper model once a person has checked.", TargetMetric.CostPerCall),
            (_, LogPattern.ModelSubject, _) => (Inv($"Check the latency of model {pattern.Key}"), "The provider got slower against its baseline: a fallback model or a longer timeout may help; a person should choose.", TargetMetric.P95Duration),
            (_, LogPattern.TaskSubject, "timeout_rate") => (Inv($"Look into the timeouts of {pattern.Key}"), "More runs time out than in the baseline; something it depends on got slower.", TargetMetric.TimeoutRate),
            (_, LogPattern.TaskSubject, "cost_per_task") => (Inv($"Look into the cost of {pattern.Key}"), "Each run costs more than in the baseline: more calls, longer prompts or a pricier model.", TargetMetric.None),
            _ => (Inv($"Look into the regression of {Short(pattern.Key)}"), "It got worse against its own baseline; a person should check what changed (a deploy, a provider, a price).", TargetMetric.ErrorRate),
        };

        return
        [
            Recommendations.Create(
                pattern,
                pattern.Type == PatternType.NewError ? ActionType.ErrorHandling : ActionType.ConfigUpdate,
                title,
                pattern.Description + " " + advice,
                severity,
                confidence,
                RiskLevel.Risky,
                [],
                target,
                evidence,
                "Baseline-relative finding: no configuration change is proposed."),
        ];
    }

    private static string Short(string text) => text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 77), "...");


    /// <summary>The session of a switched-off detector: it ignores every event and finds nothing.</summary>
    private sealed class DisabledSession : DetectorSession
    {
        public static readonly DisabledSession Instance = new();

        public override void Observe(ExecutionEvent executionEvent)
        {
        }

        public override IReadOnlyList<LogPattern> GetPatterns() => [];
    }
}
