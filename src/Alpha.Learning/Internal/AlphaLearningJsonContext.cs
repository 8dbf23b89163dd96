using System.Text.Json.Serialization;

using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;
using Alpha.Learning.Loop;

namespace Alpha.Learning.Internal;

/// <summary>
/// The library's one source-generated JSON context (no reflection, so native AOT keeps working). Every public enum of the
/// JSON contract is written as its snake_case name by <see cref="SnakeCaseEnumConverter{TEnum}"/>; <see cref="EnumNames"/>
/// takes its name tables from here, so the names are generated from the enum members, not written by hand.
/// </summary>
[JsonSourceGenerationOptions(Converters = new[]
{
    typeof(SnakeCaseEnumConverter<Priority>),
    typeof(SnakeCaseEnumConverter<RiskLevel>),
    typeof(SnakeCaseEnumConverter<TargetMetric>),
    typeof(SnakeCaseEnumConverter<GuardrailCheck>),
    typeof(SnakeCaseEnumConverter<GuardrailOutcome>),
    typeof(SnakeCaseEnumConverter<ConfigWriteStatus>),
    typeof(SnakeCaseEnumConverter<ImprovementStatus>),
    typeof(SnakeCaseEnumConverter<ImprovementOutcome>),
    typeof(SnakeCaseEnumConverter<VerificationVerdict>),
    typeof(SnakeCaseEnumConverter<CycleRunStatus>),
    typeof(SnakeCaseEnumConverter<PathChangeKind>),
    typeof(SnakeCaseEnumConverter<ChangeDirection>),
    typeof(SnakeCaseEnumConverter<FeedbackLoopMode>),
})]
[JsonSerializable(typeof(Priority))]
[JsonSerializable(typeof(RiskLevel))]
[JsonSerializable(typeof(TargetMetric))]
[JsonSerializable(typeof(GuardrailCheck))]
[JsonSerializable(typeof(GuardrailOutcome))]
[JsonSerializable(typeof(ConfigWriteStatus))]
[JsonSerializable(typeof(ImprovementStatus))]
[JsonSerializable(typeof(ImprovementOutcome))]
[JsonSerializable(typeof(VerificationVerdict))]
[JsonSerializable(typeof(CycleRunStatus))]
[JsonSerializable(typeof(PathChangeKind))]
[JsonSerializable(typeof(ChangeDirection))]
[JsonSerializable(typeof(FeedbackLoopMode))]
internal sealed partial class AlphaLearningJsonContext : JsonSerializerContext;
