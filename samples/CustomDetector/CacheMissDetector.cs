using System.Globalization;
using System.Text.RegularExpressions;

using Alpha.Learning.Analysis;
using Alpha.Learning.Logs;

namespace CustomDetector;

/// <summary>
/// A plugin that owns everything it touches: the host's own <c>cache_lookup</c> events (<c>cache</c>, <c>hit</c>,
/// <c>task_id</c>), its own pattern type <c>cache_miss</c>, its own config path <c>cache.&lt;name&gt;.ttl_seconds</c>
/// and its own action type <c>cache_tuning</c>. A cache that misses most lookups gets a recommendation to keep entries
/// longer (240 s; the guardrail bounds it and its step). Stateless: every analysis gets its own session.
/// </summary>
public sealed partial class CacheMissDetector : IPatternDetector
{
    /// <summary>The plugin's pattern type.</summary>
    public static readonly PatternType CacheMiss = new("cache_miss");

    /// <summary>The plugin's action type: carried out by <c>AddConfigAction(CacheTuning)</c>.</summary>
    public static readonly ActionType CacheTuning = new("cache_tuning");

    /// <summary>The TTL this rule recommends for a cache that keeps missing (the action reads the current one from the config).</summary>
    public const long RecommendedTtlSeconds = 240;

    public string Name => "cache_miss";

    public IPatternDetectorSession CreateSession(AnalysisContext context) => new Session();

    public IEnumerable<ImprovementRecommendation> Recommend(LogPattern pattern, RecommendationContext context)
    {
        if (pattern.Type != CacheMiss)
        {
            yield break;
        }

        // The path comes from this rule, never from log text: a cache name that is not a safe key segment gets no change.
        var safe = SafeSegment().IsMatch(pattern.Key);
        var path = $"cache.{pattern.Key}.ttl_seconds";
        var changes = safe ? new[] { new ConfigChange { Path = path, NewValue = RecommendedTtlSeconds } } : [];
        var lookups = (long)pattern.Metadata["lookups"];
        yield return new ImprovementRecommendation
        {
            Id = ImprovementRecommendation.ComputeId(pattern.Fingerprint, CacheTuning, changes.Select(c => c.Path)),
            Title = $"Keep {pattern.Key} cache entries longer",
            Rationale = pattern.Description,
            Priority = Priority.Medium,
            ActionType = CacheTuning,
            Confidence = Math.Min(0.95, 0.5 + (lookups / 200.0)),
            Risk = RiskLevel.Safe,
            PatternFingerprint = pattern.Fingerprint,
            PatternType = pattern.Type,
            Subject = pattern.Subject,
            Key = pattern.Key,
            Changes = changes,
            TargetMetric = TargetMetric.None,
            Note = safe ? null : "The cache name is not a safe configuration key: no change is proposed.",
        };
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex SafeSegment();

    private sealed class Session : IPatternDetectorSession
    {
        private readonly Dictionary<string, (long Lookups, long Misses, HashSet<string> Tasks, DateTimeOffset First, DateTimeOffset Last)> _caches = new(StringComparer.Ordinal);

        public void Observe(ExecutionEvent executionEvent)
        {
            if (executionEvent.Kind != ExecutionEventKind.Custom || executionEvent.EventName != "cache_lookup"
                || executionEvent.Fields is not { } fields || !fields.TryGetValue("cache", out var cache) || (_caches.Count >= 1000 && !_caches.ContainsKey(cache)))
            {
                return;
            }

            var miss = !(fields.TryGetValue("hit", out var hit) && hit == "true");
            var t = executionEvent.Timestamp;
            if (!_caches.TryGetValue(cache, out var s))
            {
                s = (0, 0, new HashSet<string>(StringComparer.Ordinal), t, t);
            }

            // task_id is a name the library knows too: a custom event still carries it in Fields.
            if (fields.TryGetValue("task_id", out var task) && s.Tasks.Count < 10_000)
            {
                s.Tasks.Add(task);
            }

            _caches[cache] = (s.Lookups + 1, s.Misses + (miss ? 1 : 0), s.Tasks, s.First, t > s.Last ? t : s.Last);
        }

        public IReadOnlyList<LogPattern> GetPatterns() =>
            [.. _caches.Where(kv => kv.Value.Lookups >= 20 && kv.Value.Misses > kv.Value.Lookups * 0.8)
                .OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => new LogPattern
                {
                    Type = CacheMiss,
                    Subject = "cache",
                    Key = kv.Key,
                    Description = string.Create(CultureInfo.InvariantCulture, $"The {kv.Key} cache missed {kv.Value.Misses} of {kv.Value.Lookups} lookups in {kv.Value.Tasks.Count} tasks."),
                    Occurrences = kv.Value.Misses,
                    ImpactScore = kv.Value.Misses / (double)kv.Value.Lookups,
                    FirstSeen = kv.Value.First,
                    LastSeen = kv.Value.Last,
                    Metadata = new Dictionary<string, object> { ["subject"] = "cache", ["lookups"] = kv.Value.Lookups, ["misses"] = kv.Value.Misses, ["tasks"] = (long)kv.Value.Tasks.Count },
                })];
    }
}
