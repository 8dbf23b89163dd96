using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;

namespace Alpha.Learning.Tests.Storage;

internal static class StoreSamples
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 20, 10, 15, 2, 113, TimeSpan.Zero);

    public static LogPattern Pattern(
        string key = "web_research",
        PatternType? type = null,
        long occurrences = 5,
        double impact = 0.5,
        DateTimeOffset? firstSeen = null,
        DateTimeOffset? lastSeen = null,
        string subject = LogPattern.TaskSubject) => new()
        {
            Type = type ?? PatternType.TimeoutPattern,
            Subject = subject,
            Key = key,
            Description = $"{key} times out",
            Occurrences = occurrences,
            ImpactScore = impact,
            FirstSeen = firstSeen ?? T0,
            LastSeen = lastSeen ?? T0.AddHours(1),
            Examples = ["Timeout after 30s calling search API"],
            Metadata = new Dictionary<string, object>
            {
                ["subject"] = subject,
                ["count"] = occurrences,
                ["p95"] = 31.5,
                ["whole_double"] = 2.0,
                ["flag"] = true,
                ["tasks"] = new[] { "t-1", "t-2" },
            },
        };

    public static ImprovementRecord Improvement(
        string? id = null,
        ImprovementStatus status = ImprovementStatus.Pending,
        ActionType? actionType = null,
        DateTimeOffset? createdAt = null,
        DateTimeOffset? appliedAt = null,
        string recommendationId = "rec-1") => new()
        {
            Id = id ?? ImprovementRecord.NewId(),
            RecommendationId = recommendationId,
            PatternFingerprint = LogPattern.ComputeFingerprint(PatternType.TimeoutPattern, "task", "web_research"),
            PatternType = PatternType.TimeoutPattern,
            Title = "Raise the timeout of web_research",
            ActionType = actionType ?? ActionType.ConfigUpdate,
            Risk = RiskLevel.Risky,
            Priority = Priority.High,
            Confidence = 0.83,
            TargetMetric = TargetMetric.TimeoutRate,
            Subject = "task",
            Key = "web_research",
            Changes =
            [
                new ConfigChange { Path = "tasks.timeouts.web_research", OldValue = 30L, NewValue = 45L },
                new ConfigChange { Path = "tasks.retry.backoff", OldValue = 1.5, NewValue = 2.0 },
                new ConfigChange { Path = "tasks.cache.enabled", OldValue = null, NewValue = true },
                new ConfigChange { Path = "models.route.summary", OldValue = "gpt-4o", NewValue = "gpt-4o-mini" },
            ],
            Status = status,
            CreatedAt = createdAt ?? T0,
            AppliedAt = appliedAt,
            CycleNumber = 3,
        };
}
