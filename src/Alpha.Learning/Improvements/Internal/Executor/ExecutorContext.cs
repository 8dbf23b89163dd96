using System.Security.Cryptography;
using System.Text;

using Alpha.Learning.Analysis;

using Microsoft.Extensions.Logging;

using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Improvements.Internal.Executor;

/// <summary>What every part of the executor shares: the configuration, the store, the actions, the options and the clock.</summary>
internal sealed class ExecutorContext
{
    public const int ListLimit = 100_000;
    public const string ChangedSincePlanned = "The configuration changed since the change was planned; nothing was written and the change will be planned again.";

    public ExecutorContext(
        IConfigStore configStore,
        IImprovementStore store,
        Dictionary<ActionType, IImprovementAction> actions,
        ImprovementExecutorOptions options,
        GuardrailOptions guardrailOptions,
        TimeZoneInfo timeZone,
        TimeProvider timeProvider,
        ILogger logger)
    {
        ConfigStore = configStore;
        Store = store;
        Actions = actions;
        Options = options;
        GuardrailOptions = guardrailOptions;
        Guardrails = new Guardrails(guardrailOptions, timeProvider);
        TimeZone = timeZone;
        Time = timeProvider;
        Logger = logger;
    }

    public IConfigStore ConfigStore { get; }

    public IImprovementStore Store { get; }

    public Dictionary<ActionType, IImprovementAction> Actions { get; }

    public ImprovementExecutorOptions Options { get; }

    public GuardrailOptions GuardrailOptions { get; }

    public Guardrails Guardrails { get; }

    public TimeZoneInfo TimeZone { get; }

    public TimeProvider Time { get; }

    public ILogger Logger { get; }

    public DateTimeOffset Now => Time.GetUtcNow();

    public ImprovementRecord NewRecord(ImprovementRecommendation recommendation, ConfigEditPlan plan, ImprovementStatus status, string id, long? cycleNumber, string? reason = null) => new()
    {
        Id = id,
        RecommendationId = recommendation.Id,
        PatternFingerprint = recommendation.PatternFingerprint ?? string.Empty,
        PatternType = recommendation.PatternType,
        Title = recommendation.Title ?? recommendation.Id,
        ActionType = recommendation.ActionType,
        Risk = recommendation.Risk,
        Priority = recommendation.Priority,
        Confidence = recommendation.Confidence,
        TargetMetric = recommendation.TargetMetric,
        Subject = recommendation.Subject ?? string.Empty,
        Key = recommendation.Key ?? string.Empty,
        Changes = plan.Changes,
        Status = status,
        CreatedAt = Now,
        ConfigFile = plan.Location,
        VersionBefore = plan.BaseVersion,
        VersionAfter = plan.NewVersion,
        CycleNumber = cycleNumber,
        Reason = reason,
    };

    public async Task<ImprovementStatus> CurrentStatusAsync(string id) =>
        (await Store.GetImprovementAsync(id, CancellationToken.None).ConfigureAwait(false))?.Status ?? ImprovementStatus.Failed;

    public static ImprovementRecommendation ToRecommendation(ImprovementRecord record) => new()
    {
        Id = record.RecommendationId,
        Title = record.Title,
        Rationale = record.Reason ?? record.Title,
        Priority = record.Priority,
        ActionType = record.ActionType,
        Confidence = record.Confidence,
        Risk = record.Risk,
        PatternFingerprint = record.PatternFingerprint,
        PatternType = record.PatternType,
        Subject = record.Subject,
        Key = record.Key,
        TargetMetric = record.TargetMetric,
        Changes = record.Changes.Select(c => new ConfigChange { Path = c.Path, NewValue = c.NewValue }).ToArray(),
    };

    /// <summary>
    /// The id of the next reservation of a recommendation: derived from it and the count of earlier ones, so two
    /// executors deciding at once compute the same id and the store lets only one of them have it.
    /// </summary>
    public static string NextId(string purpose, string recommendationId, IReadOnlyList<ImprovementRecord> existing)
    {
        var taken = existing.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        for (var n = 0; ; n++)
        {
            var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Inv($"{purpose}\n{recommendationId}\n{n}"))))[..32];
            if (!taken.Contains(id))
            {
                return id;
            }
        }
    }

    public static PathChange[] PathChanges(IReadOnlyList<ConfigChange> changes, string improvementId, PathChangeKind kind, DateTimeOffset at) =>
        changes.Select(c =>
        {
            var newValue = c.RemoveKey ? null : YamlScalars.Normalize(c.NewValue);
            var oldValue = YamlScalars.Normalize(c.OldValue);
            return new PathChange { Path = c.Path, OldValue = oldValue, NewValue = newValue, ImprovementId = improvementId, Kind = kind, Direction = PathChange.DirectionOf(oldValue, newValue), At = at };
        }).ToArray();

    public static GuardrailHistoryEntry ToHistory(PathChange change) =>
        new() { At = change.At, OldValue = change.OldValue, NewValue = change.NewValue, IsRollback = change.Kind == PathChangeKind.RolledBack };

    public static bool SameChanges(IReadOnlyList<ConfigChange> left, IReadOnlyList<ConfigChange> right) =>
        left.Count == right.Count
        && left.Zip(right).All(p => string.Equals(p.First.Path, p.Second.Path, StringComparison.Ordinal)
            && p.First.RemoveKey == p.Second.RemoveKey
            && YamlScalars.ValueEquals(YamlScalars.Normalize(p.First.OldValue), YamlScalars.Normalize(p.Second.OldValue))
            && YamlScalars.ValueEquals(YamlScalars.Normalize(p.First.NewValue), YamlScalars.Normalize(p.Second.NewValue)));

    public static ImprovementResult AlreadyApplied(ImprovementRecommendation recommendation, ImprovementRecord active) => new()
    {
        Outcome = ImprovementOutcome.AlreadyApplied,
        Improvement = active,
        Changes = active.Changes,
        Reason = active.Status == ImprovementStatus.Applying
            ? Inv($"The recommendation '{recommendation.Id}' is being applied as '{active.Id}'; nothing was written.")
            : Inv($"The recommendation '{recommendation.Id}' is already applied as '{active.Id}'; nothing was written."),
    };

    public static ImprovementResult Reload(ImprovementResult result, ImprovementRecord? record) => new()
    {
        Outcome = result.Outcome,
        Improvement = record,
        Changes = result.Changes,
        Reason = result.Reason,
        Guardrail = result.Guardrail,
    };

    /// <summary>A store error's message without its "nothing was written" (true of the store, not of the configuration just written).</summary>
    public static string StoreProblem(LearningStoreException exception) =>
        exception.Message.Replace("; nothing was written.", ".", StringComparison.Ordinal).Replace("; nothing was written", string.Empty, StringComparison.Ordinal);

    public static string Describe(IReadOnlyList<ConfigChange> changes) =>
        changes.Count == 0
            ? "no change"
            : string.Join(", ", changes.Select(c => c.RemoveKey ? Inv($"'{c.Path}' removed") : Inv($"'{c.Path}' {YamlScalars.Describe(c.OldValue)} → {YamlScalars.Describe(c.NewValue)}")));
}
