using System.Globalization;
using System.Text.RegularExpressions;
using Alpha.Learning.Analysis;
using Alpha.Learning.Logs;

namespace CustomDetector;

/// <summary>
/// A detector of the host's own event kind: <c>cache_lookup</c> events (<c>tool</c>, <c>hit</c>) that the built-in
/// detectors do not know. A tool whose cache misses most of the time gets a <c>slow_operation</c> pattern and a
/// recommendation to cache its results. Stateless: every analysis gets its own session.
/// </summary>
public sealed partial class CacheMissDetector : IPatternDetector
{
    public string Name => "cache_miss";

    public IPatternDetectorSession CreateSession(AnalysisContext context) => new Session();

    public IEnumerable<ImprovementRecommendation> Recommend(LogPattern pattern, RecommendationContext context)
    {
        if (pattern.Metadata.GetValueOrDefault("detector") is not "cache_miss")
        {
            yield break;
        }

        // The path comes from this rule, never from log text: a tool name that is not a safe key segment gets no change.
        var safe = SafeSegment().IsMatch(pattern.Key);
        var changes = safe ? new[] { new ConfigChange { Path = $"tools.{pattern.Key}.cache_results", NewValue = true } } : [];
        var lookups = (long)pattern.Metadata["lookups"];
        yield return new ImprovementRecommendation
        {
            Id = ImprovementRecommendation.ComputeId(pattern.Fingerprint, ActionType.ToolStrategy, changes.Select(c => c.Path)),
            Title = $"Cache the results of {pattern.Key}",
            Rationale = pattern.Description,
            Priority = Priority.Medium,
            ActionType = ActionType.ToolStrategy,
            Confidence = Math.Min(0.95, 0.5 + (lookups / 200.0)),
            Risk = RiskLevel.Safe,
            PatternFingerprint = pattern.Fingerprint,
            PatternType = pattern.Type,
            Subject = pattern.Subject,
            Key = pattern.Key,
            Changes = changes,
            TargetMetric = TargetMetric.P95Duration,
            Note = safe ? null : "The tool name is not a safe configuration key: no change is proposed.",
        };
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex SafeSegment();

    private sealed class Session : IPatternDetectorSession
    {
        private readonly Dictionary<string, (long Lookups, long Misses, DateTimeOffset First, DateTimeOffset Last)> _tools = new(StringComparer.Ordinal);

        public void Observe(ExecutionEvent executionEvent)
        {
            if (executionEvent.Kind != ExecutionEventKind.Custom || executionEvent.EventName != "cache_lookup"
                || executionEvent.Fields is not { } fields || !fields.TryGetValue("tool", out var tool) || _tools.Count >= 1000 && !_tools.ContainsKey(tool))
            {
                return;
            }

            var miss = !(fields.TryGetValue("hit", out var hit) && hit == "true");
            var t = executionEvent.Timestamp;
            _tools[tool] = _tools.TryGetValue(tool, out var s)
                ? (s.Lookups + 1, s.Misses + (miss ? 1 : 0), s.First, t > s.Last ? t : s.Last)
                : (1, miss ? 1 : 0, t, t);
        }

        public IReadOnlyList<LogPattern> GetPatterns() =>
            [.. _tools.Where(kv => kv.Value.Lookups >= 20 && kv.Value.Misses > kv.Value.Lookups * 0.8)
                .OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => new LogPattern
                {
                    Type = PatternType.SlowOperation,
                    Subject = LogPattern.ToolSubject,
                    Key = kv.Key,
                    Description = string.Create(CultureInfo.InvariantCulture, $"The cache of {kv.Key} missed {kv.Value.Misses} of {kv.Value.Lookups} lookups."),
                    Occurrences = kv.Value.Misses,
                    ImpactScore = kv.Value.Misses / (double)kv.Value.Lookups,
                    FirstSeen = kv.Value.First,
                    LastSeen = kv.Value.Last,
                    Metadata = new Dictionary<string, object> { ["subject"] = LogPattern.ToolSubject, ["detector"] = "cache_miss", ["lookups"] = kv.Value.Lookups, ["misses"] = kv.Value.Misses },
                })];
    }
}
