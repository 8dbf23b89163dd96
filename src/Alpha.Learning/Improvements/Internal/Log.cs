using Alpha.Learning.Internal;

using Microsoft.Extensions.Logging;

namespace Alpha.Learning.Improvements.Internal;

internal static partial class Log
{
    [LoggerMessage(EventId = EventIds.Improvements.ConfigApplied, Level = LogLevel.Information, Message = "Configuration file {Path} changed from version {OldVersion} to {NewVersion} ({Changes} changes).")]
    public static partial void ConfigApplied(ILogger logger, string path, string oldVersion, string newVersion, int changes);

    [LoggerMessage(EventId = EventIds.Improvements.ConfigConflict, Level = LogLevel.Warning, Message = "Configuration file {Path} changed since the plan was made (version {Expected} expected, {Found} found); nothing was written.")]
    public static partial void ConfigConflict(ILogger logger, string path, string expected, string found);

    [LoggerMessage(EventId = EventIds.Improvements.OrphansRemoved, Level = LogLevel.Information, Message = "Removed {Count} temporary files left by interrupted writes of {Path}.")]
    public static partial void OrphansRemoved(ILogger logger, string path, int count);

    [LoggerMessage(EventId = EventIds.Improvements.ConfigRefused, Level = LogLevel.Warning, Message = "Configuration file {Path} refused ({Error}).")]
    public static partial void ConfigRefused(ILogger logger, string path, ConfigStoreError error);

    [LoggerMessage(EventId = EventIds.Improvements.Applied, Level = LogLevel.Information, Message = "Improvement {ImprovementId} (recommendation {RecommendationId}) applied: {Changes} changes, backup {Backup}.")]
    public static partial void Applied(ILogger logger, string improvementId, string recommendationId, int changes, string backup);

    [LoggerMessage(EventId = EventIds.Improvements.DryRun, Level = LogLevel.Information, Message = "Dry run of recommendation {RecommendationId}: {Changes} changes planned, nothing written.")]
    public static partial void DryRun(ILogger logger, string recommendationId, int changes);

    [LoggerMessage(EventId = EventIds.Improvements.Queued, Level = LogLevel.Information, Message = "Recommendation {RecommendationId} waits for approval as improvement {ImprovementId}.")]
    public static partial void Queued(ILogger logger, string recommendationId, string improvementId);

    [LoggerMessage(EventId = EventIds.Improvements.QuotaExceeded, Level = LogLevel.Warning, Message = "Recommendation {RecommendationId} not applied: the daily quota of {Quota} is used up.")]
    public static partial void QuotaExceeded(ILogger logger, string recommendationId, int quota);

    [LoggerMessage(EventId = EventIds.Improvements.ApplyConflict, Level = LogLevel.Warning, Message = "Improvement {ImprovementId} not applied: the configuration changed since it was planned.")]
    public static partial void ApplyConflict(ILogger logger, string improvementId);

    [LoggerMessage(EventId = EventIds.Improvements.GuardrailRefused, Level = LogLevel.Information, Message = "Recommendation {RecommendationId} refused by the guardrails at {Path} ({Check}).")]
    public static partial void GuardrailRefused(ILogger logger, string recommendationId, string path, GuardrailCheck check);

    [LoggerMessage(EventId = EventIds.Improvements.PlanFailed, Level = LogLevel.Warning, Message = "Recommendation {RecommendationId} could not be planned ({Error}).")]
    public static partial void PlanFailed(ILogger logger, string recommendationId, ConfigStoreError error);

    [LoggerMessage(EventId = EventIds.Improvements.RolledBack, Level = LogLevel.Information, Message = "Improvement {ImprovementId} rolled back: {Changes} changes restored, backup {Backup}.")]
    public static partial void RolledBack(ILogger logger, string improvementId, int changes, string backup);

    [LoggerMessage(EventId = EventIds.Improvements.RollbackRefused, Level = LogLevel.Warning, Message = "Rollback of improvement {ImprovementId} refused: {Paths} paths changed since it was applied.")]
    public static partial void RollbackRefused(ILogger logger, string improvementId, int paths);

    [LoggerMessage(EventId = EventIds.Improvements.Reconciled, Level = LogLevel.Warning, Message = "Improvement {ImprovementId} left applying was reconciled as {Status}.")]
    public static partial void Reconciled(ILogger logger, string improvementId, string status);

    [LoggerMessage(EventId = EventIds.Improvements.Recovered, Level = LogLevel.Information, Message = "Recovery: {Reconciled} improvements found applied, {Aborted} aborted, {TempFiles} temporary files removed.")]
    public static partial void Recovered(ILogger logger, int reconciled, int aborted, int tempFiles);

    [LoggerMessage(EventId = EventIds.Improvements.CommitLost, Level = LogLevel.Error, Message = "Improvement {ImprovementId} was written but was {Status} when it was recorded; a person should check it.")]
    public static partial void CommitLost(ILogger logger, string improvementId, string status);
}
