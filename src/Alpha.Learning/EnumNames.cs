using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;
using Alpha.Learning.Internal;
using Alpha.Learning.Loop;

namespace Alpha.Learning;

/// <summary>
/// The snake_case names of the public enums, as the JSON contract and the store spell them, and their parsing.
/// The names are not written by hand: they are what <see cref="System.Text.Json.Serialization.JsonStringEnumConverter{TEnum}"/>
/// with the snake-case naming policy writes in the library's one source-generated JSON context (<c>DryRun</c> →
/// <c>dry_run</c>). Parsing throws <see cref="FormatException"/> for an unknown name (for the open pattern and action
/// types: a name that is not safe).
/// </summary>
public static class EnumNames
{
    /// <summary>Returns the name of a pattern type.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The name, for example <c>recurring_error</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is the <see langword="default"/> one, which has no name.</exception>
    public static string ToName(PatternType value) =>
        value.Value ?? throw new ArgumentOutOfRangeException(nameof(value), "The default pattern type has no name.");

    /// <summary>Returns the name of an action type.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The name, for example <c>config_update</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is the <see langword="default"/> one, which has no name.</exception>
    public static string ToName(ActionType value) =>
        value.Value ?? throw new ArgumentOutOfRangeException(nameof(value), "The default action type has no name.");

    /// <summary>Parses a pattern type name: any safe name (see <see cref="PatternType"/>), built-in or a plugin's.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="FormatException">The name is not a safe name.</exception>
    public static PatternType ParsePatternType(string name) =>
        PatternType.IsValidName(name) ? new PatternType(name) : throw new FormatException(ExtensionNames.Describe(name, "pattern type"));

    /// <summary>Parses an action type name: any safe name (see <see cref="ActionType"/>), built-in or a plugin's.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="FormatException">The name is not a safe name.</exception>
    public static ActionType ParseActionType(string name) =>
        ActionType.IsValidName(name) ? new ActionType(name) : throw new FormatException(ExtensionNames.Describe(name, "action type"));

    /// <summary>Returns the snake_case name of a value, for example <c>high</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The name.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not one of the enum's members.</exception>
    public static string ToName(Priority value) => SnakeCaseNames<Priority>.ToName(value);

    /// <summary>Parses a snake_case name (exact, case-sensitive).</summary>
    /// <param name="name">The name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="FormatException">The name is not one of the names; the message lists them.</exception>
    public static Priority ParsePriority(string name) => SnakeCaseNames<Priority>.Parse(name);

    /// <summary>Returns the snake_case name of a value, for example <c>risky</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The name.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not one of the enum's members.</exception>
    public static string ToName(RiskLevel value) => SnakeCaseNames<RiskLevel>.ToName(value);

    /// <summary>Parses a snake_case name (exact, case-sensitive).</summary>
    /// <param name="name">The name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="FormatException">The name is not one of the names; the message lists them.</exception>
    public static RiskLevel ParseRiskLevel(string name) => SnakeCaseNames<RiskLevel>.Parse(name);

    /// <summary>Returns the snake_case name of a value, for example <c>error_rate</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The name.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not one of the enum's members.</exception>
    public static string ToName(TargetMetric value) => SnakeCaseNames<TargetMetric>.ToName(value);

    /// <summary>Parses a snake_case name (exact, case-sensitive).</summary>
    /// <param name="name">The name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="FormatException">The name is not one of the names; the message lists them.</exception>
    public static TargetMetric ParseTargetMetric(string name) => SnakeCaseNames<TargetMetric>.Parse(name);

    /// <summary>Returns the snake_case name of a value, for example <c>path</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The name.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not one of the enum's members.</exception>
    public static string ToName(GuardrailCheck value) => SnakeCaseNames<GuardrailCheck>.ToName(value);

    /// <summary>Returns the snake_case name of a value, for example <c>requires_approval</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The name.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not one of the enum's members.</exception>
    public static string ToName(GuardrailOutcome value) => SnakeCaseNames<GuardrailOutcome>.ToName(value);

    /// <summary>Returns the snake_case name of a value, for example <c>conflict</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The name.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not one of the enum's members.</exception>
    public static string ToName(ConfigWriteStatus value) => SnakeCaseNames<ConfigWriteStatus>.ToName(value);

    /// <summary>Returns the snake_case name of a value, for example <c>validating</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The name.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not one of the enum's members.</exception>
    public static string ToName(ImprovementStatus value) => SnakeCaseNames<ImprovementStatus>.ToName(value);

    /// <summary>Parses a snake_case name (exact, case-sensitive).</summary>
    /// <param name="name">The name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="FormatException">The name is not one of the names; the message lists them.</exception>
    public static ImprovementStatus ParseImprovementStatus(string name) => SnakeCaseNames<ImprovementStatus>.Parse(name);

    /// <summary>Returns the snake_case name of a value, for example <c>insufficient_data</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The name.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not one of the enum's members.</exception>
    public static string ToName(VerificationVerdict value) => SnakeCaseNames<VerificationVerdict>.ToName(value);

    /// <summary>Parses a snake_case name (exact, case-sensitive).</summary>
    /// <param name="name">The name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="FormatException">The name is not one of the names; the message lists them.</exception>
    public static VerificationVerdict ParseVerificationVerdict(string name) => SnakeCaseNames<VerificationVerdict>.Parse(name);

    /// <summary>Returns the snake_case name of a value, for example <c>completed</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The name.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not one of the enum's members.</exception>
    public static string ToName(CycleRunStatus value) => SnakeCaseNames<CycleRunStatus>.ToName(value);

    /// <summary>Parses a snake_case name (exact, case-sensitive).</summary>
    /// <param name="name">The name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="FormatException">The name is not one of the names; the message lists them.</exception>
    public static CycleRunStatus ParseCycleRunStatus(string name) => SnakeCaseNames<CycleRunStatus>.Parse(name);

    /// <summary>Returns the snake_case name of a value, for example <c>rolled_back</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The name.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not one of the enum's members.</exception>
    public static string ToName(PathChangeKind value) => SnakeCaseNames<PathChangeKind>.ToName(value);

    /// <summary>Parses a snake_case name (exact, case-sensitive).</summary>
    /// <param name="name">The name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="FormatException">The name is not one of the names; the message lists them.</exception>
    public static PathChangeKind ParsePathChangeKind(string name) => SnakeCaseNames<PathChangeKind>.Parse(name);

    /// <summary>Returns the snake_case name of a value, for example <c>increase</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The name.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not one of the enum's members.</exception>
    public static string ToName(ChangeDirection value) => SnakeCaseNames<ChangeDirection>.ToName(value);

    /// <summary>Parses a snake_case name (exact, case-sensitive).</summary>
    /// <param name="name">The name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="FormatException">The name is not one of the names; the message lists them.</exception>
    public static ChangeDirection ParseChangeDirection(string name) => SnakeCaseNames<ChangeDirection>.Parse(name);

    /// <summary>Returns the snake_case name of a value, for example <c>semi_auto</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The name.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not one of the enum's members.</exception>
    public static string ToName(FeedbackLoopMode value) => SnakeCaseNames<FeedbackLoopMode>.ToName(value);

    /// <summary>Parses a snake_case name (exact, case-sensitive).</summary>
    /// <param name="name">The name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="FormatException">The name is not one of the names; the message lists them.</exception>
    public static FeedbackLoopMode ParseFeedbackLoopMode(string name) => SnakeCaseNames<FeedbackLoopMode>.Parse(name);

    /// <summary>Returns the snake_case name of a value, for example <c>dry_run</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The name.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not one of the enum's members.</exception>
    public static string ToName(ImprovementOutcome value) => SnakeCaseNames<ImprovementOutcome>.ToName(value);

    /// <summary>Parses a snake_case name (exact, case-sensitive).</summary>
    /// <param name="name">The name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="FormatException">The name is not one of the names; the message lists them.</exception>
    public static ImprovementOutcome ParseImprovementOutcome(string name) => SnakeCaseNames<ImprovementOutcome>.Parse(name);
}
