using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;
using Alpha.Learning.Loop;

namespace Alpha.Learning.Tests;

// The wire names of every public enum, copied from the hand-written table EnumNames had before the names were generated
// (JsonStringEnumConverter with the snake-case policy): the JSON contract, the CLI output and the store's rows use them.
public sealed class EnumNamesTests
{
    public static TheoryData<Enum, string> ContractNames => new()
    {
        { Priority.Critical, "critical" },
        { Priority.High, "high" },
        { Priority.Medium, "medium" },
        { Priority.Low, "low" },
        { Priority.Info, "info" },
        { RiskLevel.Safe, "safe" },
        { RiskLevel.Risky, "risky" },
        { TargetMetric.None, "none" },
        { TargetMetric.ErrorRate, "error_rate" },
        { TargetMetric.TimeoutRate, "timeout_rate" },
        { TargetMetric.P95Duration, "p95_duration" },
        { TargetMetric.CostPerCall, "cost_per_call" },
        { TargetMetric.SuccessRate, "success_rate" },
        { TargetMetric.CostPerTask, "cost_per_task" },
        { GuardrailCheck.None, "none" },
        { GuardrailCheck.Path, "path" },
        { GuardrailCheck.ValueType, "value_type" },
        { GuardrailCheck.AllowedValues, "allowed_values" },
        { GuardrailCheck.Minimum, "minimum" },
        { GuardrailCheck.Maximum, "maximum" },
        { GuardrailCheck.Step, "step" },
        { GuardrailCheck.Cooldown, "cooldown" },
        { GuardrailCheck.SameDirection, "same_direction" },
        { GuardrailCheck.Oscillation, "oscillation" },
        { GuardrailOutcome.Allowed, "allowed" },
        { GuardrailOutcome.RequiresApproval, "requires_approval" },
        { GuardrailOutcome.Refused, "refused" },
        { ConfigWriteStatus.Applied, "applied" },
        { ConfigWriteStatus.Conflict, "conflict" },
        { ConfigWriteStatus.NoChange, "no_change" },
        { ImprovementStatus.Pending, "pending" },
        { ImprovementStatus.Validating, "validating" },
        { ImprovementStatus.Applying, "applying" },
        { ImprovementStatus.Applied, "applied" },
        { ImprovementStatus.Failed, "failed" },
        { ImprovementStatus.DryRun, "dry_run" },
        { ImprovementStatus.RolledBack, "rolled_back" },
        { ImprovementStatus.PendingApproval, "pending_approval" },
        { ImprovementStatus.Rejected, "rejected" },
        { ImprovementStatus.Expired, "expired" },
        { VerificationVerdict.None, "none" },
        { VerificationVerdict.InsufficientData, "insufficient_data" },
        { VerificationVerdict.Improved, "improved" },
        { VerificationVerdict.Unchanged, "unchanged" },
        { VerificationVerdict.Regressed, "regressed" },
        { VerificationVerdict.Inconclusive, "inconclusive" },
        { CycleRunStatus.Running, "running" },
        { CycleRunStatus.Completed, "completed" },
        { CycleRunStatus.Failed, "failed" },
        { CycleRunStatus.Skipped, "skipped" },
        { CycleRunStatus.Cancelled, "cancelled" },
        { CycleRunStatus.Interrupted, "interrupted" },
        { PathChangeKind.Applied, "applied" },
        { PathChangeKind.RolledBack, "rolled_back" },
        { ChangeDirection.Other, "other" },
        { ChangeDirection.Increase, "increase" },
        { ChangeDirection.Decrease, "decrease" },
        { FeedbackLoopMode.Manual, "manual" },
        { FeedbackLoopMode.SemiAuto, "semi_auto" },
        { FeedbackLoopMode.FullAuto, "full_auto" },
        { ImprovementOutcome.Applied, "applied" },
        { ImprovementOutcome.DryRun, "dry_run" },
        { ImprovementOutcome.PendingApproval, "pending_approval" },
        { ImprovementOutcome.Advisory, "advisory" },
        { ImprovementOutcome.Refused, "refused" },
        { ImprovementOutcome.Conflict, "conflict" },
        { ImprovementOutcome.QuotaExceeded, "quota_exceeded" },
        { ImprovementOutcome.AlreadyApplied, "already_applied" },
        { ImprovementOutcome.Failed, "failed" },
    };

    [Theory]
    [MemberData(nameof(ContractNames))]
    public void ToName_EveryValue_IsTheContractName(Enum value, string expected) =>
        ToName(value).Should().Be(expected);

    [Theory]
    [MemberData(nameof(ContractNames))]
    public void Parse_ContractName_ReturnsTheValue(Enum value, string name)
    {
        if (value is GuardrailCheck or GuardrailOutcome or ConfigWriteStatus)
        {
            return; // written only, never read back
        }

        Parse(value, name).Should().Be(value);
    }

    [Fact]
    public void ContractNames_CoverEveryValueOfEveryEnum()
    {
        var covered = ContractNames.Select(row => (Enum)row[0]).ToHashSet();
        var all = new[]
        {
            typeof(Priority), typeof(RiskLevel), typeof(TargetMetric), typeof(GuardrailCheck), typeof(GuardrailOutcome),
            typeof(ConfigWriteStatus), typeof(ImprovementStatus), typeof(VerificationVerdict), typeof(CycleRunStatus),
            typeof(PathChangeKind), typeof(ChangeDirection), typeof(FeedbackLoopMode), typeof(ImprovementOutcome),
        }.SelectMany(t => Enum.GetValues(t).Cast<Enum>());
        covered.Should().BeEquivalentTo(all);
    }

    [Theory]
    [InlineData("Applied")]
    [InlineData("dry-run")]
    [InlineData("")]
    [InlineData(" applied")]
    [InlineData("3")]
    public void ParseImprovementStatus_NotAContractName_ThrowsFormatExceptionNamingIt(string name) =>
        FluentActions.Invoking(() => EnumNames.ParseImprovementStatus(name)).Should().Throw<FormatException>()
            .WithMessage($"'{name}' is not an improvement status*");

    [Fact]
    public void ParseFeedbackLoopMode_UnknownName_ListsTheNames() =>
        FluentActions.Invoking(() => EnumNames.ParseFeedbackLoopMode("auto")).Should().Throw<FormatException>()
            .WithMessage("'auto' is not a feedback loop mode (manual, semi_auto or full_auto).");

    [Fact]
    public void ToName_UndefinedValue_ThrowsArgumentOutOfRange() =>
        FluentActions.Invoking(() => EnumNames.ToName((ImprovementStatus)99)).Should().Throw<ArgumentOutOfRangeException>();

    private static string ToName(Enum value) => value switch
    {
        Priority v => EnumNames.ToName(v),
        RiskLevel v => EnumNames.ToName(v),
        TargetMetric v => EnumNames.ToName(v),
        GuardrailCheck v => EnumNames.ToName(v),
        GuardrailOutcome v => EnumNames.ToName(v),
        ConfigWriteStatus v => EnumNames.ToName(v),
        ImprovementStatus v => EnumNames.ToName(v),
        VerificationVerdict v => EnumNames.ToName(v),
        CycleRunStatus v => EnumNames.ToName(v),
        PathChangeKind v => EnumNames.ToName(v),
        ChangeDirection v => EnumNames.ToName(v),
        FeedbackLoopMode v => EnumNames.ToName(v),
        ImprovementOutcome v => EnumNames.ToName(v),
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Not a contract enum."),
    };

    private static Enum Parse(Enum value, string name) => value switch
    {
        Priority => EnumNames.ParsePriority(name),
        RiskLevel => EnumNames.ParseRiskLevel(name),
        TargetMetric => EnumNames.ParseTargetMetric(name),
        ImprovementStatus => EnumNames.ParseImprovementStatus(name),
        VerificationVerdict => EnumNames.ParseVerificationVerdict(name),
        CycleRunStatus => EnumNames.ParseCycleRunStatus(name),
        PathChangeKind => EnumNames.ParsePathChangeKind(name),
        ChangeDirection => EnumNames.ParseChangeDirection(name),
        FeedbackLoopMode => EnumNames.ParseFeedbackLoopMode(name),
        ImprovementOutcome => EnumNames.ParseImprovementOutcome(name),
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Not a parsed enum."),
    };
}
