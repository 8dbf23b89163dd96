using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements.Internal;

namespace Alpha.Learning.Improvements;

/// <summary>
/// The guardrails of automatic configuration changes: only paths matching a rule may change, within the rule's
/// limits. The built-in rules cover exactly the paths the built-in recommendation rules write.
/// </summary>
public sealed class GuardrailOptions
{
    /// <summary>Gets or sets the host's rules. They are checked before the built-in ones; the first rule whose pattern matches a path decides. The default value is empty.</summary>
    public IList<GuardrailRule> Rules { get; set; } = [];

    /// <summary>Gets or sets whether the built-in rules (<see cref="CreateDefaultRules(ConfigPathTemplates)"/>) apply after <see cref="Rules"/>. The default value is <see langword="true"/>.</summary>
    public bool UseDefaultRules { get; set; } = true;

    /// <summary>Gets or sets how far back the history of a path counts for the oscillation check (an A→B→A older than this no longer freezes the path). The default value is 30 days.</summary>
    public TimeSpan HistoryWindow { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Gets or sets the path templates the built-in rules follow (<see cref="UseDefaultRules"/>). The default value is the
    /// default templates; <c>AddAlphaLearning</c> sets it to <see cref="AnalysisOptions.PathTemplates"/>, so the
    /// guardrails always cover the paths the recommendation rules write.
    /// </summary>
    public ConfigPathTemplates PathTemplates { get; set; } = new();

    /// <summary>
    /// Creates the built-in rules for the default path templates: <c>tasks.timeouts.*</c> and <c>tools.*.timeout</c>
    /// (number of seconds, 1–600, step ×2), <c>tools.*.cache_results</c> and <c>tools.*.deduplicate_calls</c>
    /// (boolean), <c>tools.*.max_retries</c> (integer 0–10), <c>model_routing.*</c> (a model name),
    /// <c>error_handling.*.max_retries</c> (integer 0–10) and <c>error_handling.*.backoff_seconds</c> (number 0–300,
    /// step ×4); each with a cooldown of 1 day, at most 3 same-direction changes before approval, and freezing on
    /// oscillation.
    /// </summary>
    /// <returns>A new list of the built-in rules.</returns>
    public static IList<GuardrailRule> CreateDefaultRules() => CreateDefaultRules(new ConfigPathTemplates());

    /// <summary>
    /// Creates the built-in rules (as <see cref="CreateDefaultRules()"/> describes them) for the paths the given
    /// templates produce: each template's placeholder becomes <c>*</c>.
    /// </summary>
    /// <param name="templates">The path templates of the recommendation rules.</param>
    /// <returns>A new list of the built-in rules.</returns>
    public static IList<GuardrailRule> CreateDefaultRules(ConfigPathTemplates templates)
    {
        ArgumentNullException.ThrowIfNull(templates);
        var day = TimeSpan.FromDays(1);
        return
        [
            new() { Pattern = RulePaths.Pattern(templates.TaskTimeoutPath), ValueType = GuardrailValueType.Number, Min = 1, Max = 600, MaxStepFactor = 2, Cooldown = day, MaxSameDirectionChanges = 3 },
            new() { Pattern = RulePaths.Pattern(templates.ToolTimeoutPath), ValueType = GuardrailValueType.Number, Min = 1, Max = 600, MaxStepFactor = 2, Cooldown = day, MaxSameDirectionChanges = 3 },
            new() { Pattern = RulePaths.Pattern(templates.ToolCachePath), ValueType = GuardrailValueType.Boolean, Cooldown = day },
            new() { Pattern = RulePaths.Pattern(templates.ToolMaxRetriesPath), ValueType = GuardrailValueType.WholeNumber, Min = 0, Max = 10, Cooldown = day, MaxSameDirectionChanges = 3 },
            new() { Pattern = RulePaths.Pattern(templates.ToolDeduplicatePath), ValueType = GuardrailValueType.Boolean, Cooldown = day },
            new() { Pattern = RulePaths.Pattern(templates.ModelRoutingPath), ValueType = GuardrailValueType.Text, AllowedPattern = "^[A-Za-z0-9][A-Za-z0-9._:/@-]{0,127}$", Cooldown = day },
            new() { Pattern = RulePaths.Pattern(templates.ErrorRetryAttemptsPath), ValueType = GuardrailValueType.WholeNumber, Min = 0, Max = 10, Cooldown = day, MaxSameDirectionChanges = 3 },
            new() { Pattern = RulePaths.Pattern(templates.ErrorRetryBackoffPath), ValueType = GuardrailValueType.Number, Min = 0, Max = 300, MaxStepFactor = 4, Cooldown = day, MaxSameDirectionChanges = 3 },
        ];
    }
}
