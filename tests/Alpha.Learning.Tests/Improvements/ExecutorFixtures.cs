using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;
using Alpha.Learning.Storage;

using Microsoft.Extensions.Options;

namespace Alpha.Learning.Tests.Improvements;

/// <summary>Recommendations and executors for the executor tests.</summary>
internal static class ExecutorFixtures
{
    public static readonly DateTimeOffset Start = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    public static ImprovementExecutor Executor(IConfigStore config, ILearningStore store, TimeProvider time, ImprovementExecutorOptions? options = null, GuardrailOptions? guardrails = null, IEnumerable<IImprovementAction>? actions = null) =>
        new(config, store, actions ?? ImprovementActions.CreateBuiltIn(), Options.Create(options ?? new ImprovementExecutorOptions()), Options.Create(guardrails ?? new GuardrailOptions()), time);

    public static ImprovementRecommendation Timeout(string id = "rec-timeout", string task = "web_research", object? value = null, double confidence = 0.9) =>
        Recommendation(id, ActionType.ConfigUpdate, confidence, new ConfigChange { Path = "tasks.timeouts." + task, NewValue = value ?? 45L });

    public static ImprovementRecommendation Recommendation(string id, ActionType type, double confidence, params ConfigChange[] changes) => new()
    {
        Id = id,
        Title = "Raise the timeout of " + id,
        Rationale = "Tasks time out.",
        Priority = Priority.High,
        ActionType = type,
        Confidence = confidence,
        Risk = RiskLevel.Safe,
        PatternFingerprint = "fp-" + id,
        PatternType = PatternType.TimeoutPattern,
        Subject = "task",
        Key = id,
        TargetMetric = TargetMetric.TimeoutRate,
        Changes = changes,
        Note = changes.Length == 0 ? "Look at the search API's rate limits." : null,
    };
}
