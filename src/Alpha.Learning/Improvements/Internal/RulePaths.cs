using Alpha.Learning.Analysis;

namespace Alpha.Learning.Improvements.Internal;

/// <summary>The path patterns (<c>*</c> = one safe segment) the path templates of the recommendation rules produce, for the actions and the guardrails.</summary>
internal static class RulePaths
{
    private static readonly string[] Placeholders = ["{task}", "{tool}", "{error}", "{model}"];

    /// <summary>Turns a template into a pattern: each placeholder segment becomes <c>*</c>; the separators are kept.</summary>
    public static string Pattern(string? template)
    {
        var result = template ?? string.Empty;
        foreach (var placeholder in Placeholders)
        {
            result = result.Replace(placeholder, "*", StringComparison.Ordinal);
        }

        return result;
    }

    public static IReadOnlyList<(string Pattern, GuardrailValueType Type)> ConfigUpdate(ConfigPathTemplates t) =>
        [(Pattern(t.TaskTimeoutPath), GuardrailValueType.Number), (Pattern(t.ToolTimeoutPath), GuardrailValueType.Number)];

    public static IReadOnlyList<(string Pattern, GuardrailValueType Type)> ModelRouting(ConfigPathTemplates t) =>
        [(Pattern(t.ModelRoutingPath), GuardrailValueType.Text)];

    public static IReadOnlyList<(string Pattern, GuardrailValueType Type)> ToolStrategy(ConfigPathTemplates t) =>
    [
        (Pattern(t.ToolCachePath), GuardrailValueType.Boolean),
        (Pattern(t.ToolDeduplicatePath), GuardrailValueType.Boolean),
        (Pattern(t.ToolMaxRetriesPath), GuardrailValueType.WholeNumber),
        (Pattern(t.ToolTimeoutPath), GuardrailValueType.Number),
    ];

    public static IReadOnlyList<(string Pattern, GuardrailValueType Type)> ErrorHandling(ConfigPathTemplates t) =>
        [(Pattern(t.ErrorRetryAttemptsPath), GuardrailValueType.WholeNumber), (Pattern(t.ErrorRetryBackoffPath), GuardrailValueType.Number)];
}
