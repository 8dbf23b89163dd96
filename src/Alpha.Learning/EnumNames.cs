using Alpha.Learning.Analysis;
using Alpha.Learning.Storage;

namespace Alpha.Learning;

/// <summary>
/// The snake_case names of the public enums, as the JSON contract and the store spell them, and their parsing.
/// Parsing throws <see cref="FormatException"/> for an unknown name (for the open pattern and action types: a name that is not safe).
/// </summary>
public static class EnumNames
{
    /// <summary>Returns the snake_case name of a value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The name, for example <c>recurring_error</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is the <see langword="default"/> one, which has no name.</exception>
    public static string ToName(PatternType value) =>
        value.Value ?? throw new ArgumentOutOfRangeException(nameof(value), "The default pattern type has no name.");

    /// <summary>Returns the snake_case name of a value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The name, for example <c>config_update</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is the <see langword="default"/> one, which has no name.</exception>
    public static string ToName(ActionType value) =>
        value.Value ?? throw new ArgumentOutOfRangeException(nameof(value), "The default action type has no name.");

    /// <summary>Returns the snake_case name of a value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The name, for example <c>recurring_error</c>.</returns>
    public static string ToName(Priority value) => value switch
    {
        Priority.Critical => "critical",
        Priority.High => "high",
        Priority.Medium => "medium",
        Priority.Low => "low",
        Priority.Info => "info",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown priority."),
    };

    /// <summary>Returns the snake_case name of a value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The name, for example <c>recurring_error</c>.</returns>
    public static string ToName(RiskLevel value) => value switch
    {
        RiskLevel.Safe => "safe",
        RiskLevel.Risky => "risky",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown risk level."),
    };

    /// <summary>Returns the snake_case name of a value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The name, for example <c>recurring_error</c>.</returns>
    public static string ToName(TargetMetric value) => value switch
    {
        TargetMetric.None => "none",
        TargetMetric.ErrorRate => "error_rate",
        TargetMetric.TimeoutRate => "timeout_rate",
        TargetMetric.P95Duration => "p95_duration",
        TargetMetric.CostPerCall => "cost_per_call",
        TargetMetric.SuccessRate => "success_rate",
        TargetMetric.CostPerTask => "cost_per_task",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown target metric."),
    };

    /// <summary>Parses a pattern type name: any safe name (see <see cref="PatternType"/>), built-in or a plugin's.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="FormatException">The name is not a safe name.</exception>
    public static PatternType ParsePatternType(string name) =>
        PatternType.IsValidName(name) ? new PatternType(name) : throw new FormatException(Internal.ExtensionNames.Describe(name, "pattern type"));

    /// <summary>Parses an action type name: any safe name (see <see cref="ActionType"/>), built-in or a plugin's.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="FormatException">The name is not a safe name.</exception>
    public static ActionType ParseActionType(string name) =>
        ActionType.IsValidName(name) ? new ActionType(name) : throw new FormatException(Internal.ExtensionNames.Describe(name, "action type"));

    /// <summary>Parses a snake_case name.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The value.</returns>
    public static Priority ParsePriority(string name) => name switch
    {
        "critical" => Priority.Critical,
        "high" => Priority.High,
        "medium" => Priority.Medium,
        "low" => Priority.Low,
        "info" => Priority.Info,
        _ => throw new FormatException($"'{name}' is not a priority."),
    };

    /// <summary>Parses a snake_case name.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The value.</returns>
    public static RiskLevel ParseRiskLevel(string name) => name switch
    {
        "safe" => RiskLevel.Safe,
        "risky" => RiskLevel.Risky,
        _ => throw new FormatException($"'{name}' is not a risk level."),
    };

    /// <summary>Parses a snake_case name.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The value.</returns>
    public static TargetMetric ParseTargetMetric(string name) => name switch
    {
        "none" => TargetMetric.None,
        "error_rate" => TargetMetric.ErrorRate,
        "timeout_rate" => TargetMetric.TimeoutRate,
        "p95_duration" => TargetMetric.P95Duration,
        "cost_per_call" => TargetMetric.CostPerCall,
        "success_rate" => TargetMetric.SuccessRate,
        "cost_per_task" => TargetMetric.CostPerTask,
        _ => throw new FormatException($"'{name}' is not a target metric."),
    };

    /// <summary>Returns the snake_case name of a value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The name.</returns>
    public static string ToName(Alpha.Learning.Improvements.GuardrailCheck value) => value switch
    {
        Alpha.Learning.Improvements.GuardrailCheck.None => "none",
        Alpha.Learning.Improvements.GuardrailCheck.Path => "path",
        Alpha.Learning.Improvements.GuardrailCheck.ValueType => "value_type",
        Alpha.Learning.Improvements.GuardrailCheck.AllowedValues => "allowed_values",
        Alpha.Learning.Improvements.GuardrailCheck.Minimum => "minimum",
        Alpha.Learning.Improvements.GuardrailCheck.Maximum => "maximum",
        Alpha.Learning.Improvements.GuardrailCheck.Step => "step",
        Alpha.Learning.Improvements.GuardrailCheck.Cooldown => "cooldown",
        Alpha.Learning.Improvements.GuardrailCheck.SameDirection => "same_direction",
        Alpha.Learning.Improvements.GuardrailCheck.Oscillation => "oscillation",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown guardrail check."),
    };

    /// <summary>Returns the snake_case name of a value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The name.</returns>
    public static string ToName(Alpha.Learning.Improvements.GuardrailOutcome value) => value switch
    {
        Alpha.Learning.Improvements.GuardrailOutcome.Allowed => "allowed",
        Alpha.Learning.Improvements.GuardrailOutcome.RequiresApproval => "requires_approval",
        Alpha.Learning.Improvements.GuardrailOutcome.Refused => "refused",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown guardrail outcome."),
    };

    /// <summary>Returns the snake_case name of a value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The name.</returns>
    public static string ToName(Alpha.Learning.Improvements.ConfigWriteStatus value) => value switch
    {
        Alpha.Learning.Improvements.ConfigWriteStatus.Applied => "applied",
        Alpha.Learning.Improvements.ConfigWriteStatus.Conflict => "conflict",
        Alpha.Learning.Improvements.ConfigWriteStatus.NoChange => "no_change",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown write status."),
    };

    /// <summary>Returns the snake_case name of a value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The name.</returns>
    public static string ToName(ImprovementStatus value) => value switch
    {
        ImprovementStatus.Pending => "pending",
        ImprovementStatus.Validating => "validating",
        ImprovementStatus.Applying => "applying",
        ImprovementStatus.Applied => "applied",
        ImprovementStatus.Failed => "failed",
        ImprovementStatus.DryRun => "dry_run",
        ImprovementStatus.RolledBack => "rolled_back",
        ImprovementStatus.PendingApproval => "pending_approval",
        ImprovementStatus.Rejected => "rejected",
        ImprovementStatus.Expired => "expired",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown improvement status."),
    };

    /// <summary>Parses a snake_case name.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The value.</returns>
    public static ImprovementStatus ParseImprovementStatus(string name) => name switch
    {
        "pending" => ImprovementStatus.Pending,
        "validating" => ImprovementStatus.Validating,
        "applying" => ImprovementStatus.Applying,
        "applied" => ImprovementStatus.Applied,
        "failed" => ImprovementStatus.Failed,
        "dry_run" => ImprovementStatus.DryRun,
        "rolled_back" => ImprovementStatus.RolledBack,
        "pending_approval" => ImprovementStatus.PendingApproval,
        "rejected" => ImprovementStatus.Rejected,
        "expired" => ImprovementStatus.Expired,
        _ => throw new FormatException($"'{name}' is not an improvement status."),
    };

    /// <summary>Returns the snake_case name of a value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The name.</returns>
    public static string ToName(VerificationVerdict value) => value switch
    {
        VerificationVerdict.None => "none",
        VerificationVerdict.InsufficientData => "insufficient_data",
        VerificationVerdict.Improved => "improved",
        VerificationVerdict.Unchanged => "unchanged",
        VerificationVerdict.Regressed => "regressed",
        VerificationVerdict.Inconclusive => "inconclusive",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown verification verdict."),
    };

    /// <summary>Parses a snake_case name.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The value.</returns>
    public static VerificationVerdict ParseVerificationVerdict(string name) => name switch
    {
        "none" => VerificationVerdict.None,
        "insufficient_data" => VerificationVerdict.InsufficientData,
        "improved" => VerificationVerdict.Improved,
        "unchanged" => VerificationVerdict.Unchanged,
        "regressed" => VerificationVerdict.Regressed,
        "inconclusive" => VerificationVerdict.Inconclusive,
        _ => throw new FormatException($"'{name}' is not a verification verdict."),
    };

    /// <summary>Returns the snake_case name of a value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The name.</returns>
    public static string ToName(CycleRunStatus value) => value switch
    {
        CycleRunStatus.Running => "running",
        CycleRunStatus.Completed => "completed",
        CycleRunStatus.Failed => "failed",
        CycleRunStatus.Skipped => "skipped",
        CycleRunStatus.Cancelled => "cancelled",
        CycleRunStatus.Interrupted => "interrupted",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown cycle run status."),
    };

    /// <summary>Parses a snake_case name.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The value.</returns>
    public static CycleRunStatus ParseCycleRunStatus(string name) => name switch
    {
        "running" => CycleRunStatus.Running,
        "completed" => CycleRunStatus.Completed,
        "failed" => CycleRunStatus.Failed,
        "skipped" => CycleRunStatus.Skipped,
        "cancelled" => CycleRunStatus.Cancelled,
        "interrupted" => CycleRunStatus.Interrupted,
        _ => throw new FormatException($"'{name}' is not a cycle run status."),
    };

    /// <summary>Returns the snake_case name of a value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The name.</returns>
    public static string ToName(PathChangeKind value) => value switch
    {
        PathChangeKind.Applied => "applied",
        PathChangeKind.RolledBack => "rolled_back",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown path change kind."),
    };

    /// <summary>Parses a snake_case name.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The value.</returns>
    public static PathChangeKind ParsePathChangeKind(string name) => name switch
    {
        "applied" => PathChangeKind.Applied,
        "rolled_back" => PathChangeKind.RolledBack,
        _ => throw new FormatException($"'{name}' is not a path change kind."),
    };

    /// <summary>Returns the snake_case name of a value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The name.</returns>
    public static string ToName(ChangeDirection value) => value switch
    {
        ChangeDirection.Other => "other",
        ChangeDirection.Increase => "increase",
        ChangeDirection.Decrease => "decrease",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown change direction."),
    };

    /// <summary>Parses a snake_case name.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The value.</returns>
    public static ChangeDirection ParseChangeDirection(string name) => name switch
    {
        "other" => ChangeDirection.Other,
        "increase" => ChangeDirection.Increase,
        "decrease" => ChangeDirection.Decrease,
        _ => throw new FormatException($"'{name}' is not a change direction."),
    };

    /// <summary>Returns the snake_case name of a value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The name: <c>manual</c>, <c>semi_auto</c> or <c>full_auto</c>.</returns>
    public static string ToName(Loop.FeedbackLoopMode value) => value switch
    {
        Loop.FeedbackLoopMode.Manual => "manual",
        Loop.FeedbackLoopMode.SemiAuto => "semi_auto",
        Loop.FeedbackLoopMode.FullAuto => "full_auto",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown feedback loop mode."),
    };

    /// <summary>Parses a mode name; <c>semi-auto</c> and <c>full-auto</c> (the CLI's spelling) are accepted too.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The value.</returns>
    public static Loop.FeedbackLoopMode ParseFeedbackLoopMode(string name) => name switch
    {
        "manual" => Loop.FeedbackLoopMode.Manual,
        "semi_auto" or "semi-auto" => Loop.FeedbackLoopMode.SemiAuto,
        "full_auto" or "full-auto" => Loop.FeedbackLoopMode.FullAuto,
        _ => throw new FormatException($"'{name}' is not a feedback loop mode (manual, semi_auto or full_auto)."),
    };

    /// <summary>Returns the snake_case name of a value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The name, for example <c>quota_exceeded</c>.</returns>
    public static string ToName(Alpha.Learning.Improvements.ImprovementOutcome value) => value switch
    {
        Alpha.Learning.Improvements.ImprovementOutcome.Applied => "applied",
        Alpha.Learning.Improvements.ImprovementOutcome.DryRun => "dry_run",
        Alpha.Learning.Improvements.ImprovementOutcome.PendingApproval => "pending_approval",
        Alpha.Learning.Improvements.ImprovementOutcome.Advisory => "advisory",
        Alpha.Learning.Improvements.ImprovementOutcome.Refused => "refused",
        Alpha.Learning.Improvements.ImprovementOutcome.Conflict => "conflict",
        Alpha.Learning.Improvements.ImprovementOutcome.QuotaExceeded => "quota_exceeded",
        Alpha.Learning.Improvements.ImprovementOutcome.AlreadyApplied => "already_applied",
        Alpha.Learning.Improvements.ImprovementOutcome.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown improvement outcome."),
    };

    /// <summary>Parses a snake_case name.</summary>
    /// <param name="name">The name, for example <c>quota_exceeded</c>.</param>
    /// <returns>The value.</returns>
    public static Alpha.Learning.Improvements.ImprovementOutcome ParseImprovementOutcome(string name) => name switch
    {
        "applied" => Alpha.Learning.Improvements.ImprovementOutcome.Applied,
        "dry_run" => Alpha.Learning.Improvements.ImprovementOutcome.DryRun,
        "pending_approval" => Alpha.Learning.Improvements.ImprovementOutcome.PendingApproval,
        "advisory" => Alpha.Learning.Improvements.ImprovementOutcome.Advisory,
        "refused" => Alpha.Learning.Improvements.ImprovementOutcome.Refused,
        "conflict" => Alpha.Learning.Improvements.ImprovementOutcome.Conflict,
        "quota_exceeded" => Alpha.Learning.Improvements.ImprovementOutcome.QuotaExceeded,
        "already_applied" => Alpha.Learning.Improvements.ImprovementOutcome.AlreadyApplied,
        "failed" => Alpha.Learning.Improvements.ImprovementOutcome.Failed,
        _ => throw new FormatException($"'{name}' is not an improvement outcome."),
    };
}
