using Alpha.Learning.Analysis;

namespace Alpha.Learning.Improvements.Internal;

/// <summary>
/// A config action for any action type (a plugin's own): it applies a change whose path a guardrail rule allows, with a
/// value of that rule's type. The first rule whose pattern matches a path decides, as in <see cref="Guardrails"/>;
/// the executor then checks the rule's bounds, step, cooldown and history as for every change.
/// </summary>
internal sealed class GuardedConfigAction : ConfigImprovementAction
{
    public GuardedConfigAction(ActionType actionType, GuardrailOptions guardrails)
    {
        ArgumentNullException.ThrowIfNull(guardrails);
        if (actionType.Value is null)
        {
            throw new ArgumentException("The action type has no name (it is the default value).", nameof(actionType));
        }

        ActionType = actionType;
        var rules = guardrails.UseDefaultRules ? guardrails.Rules.Concat(GuardrailOptions.CreateDefaultRules()) : guardrails.Rules;
        Paths = [.. rules.Where(r => r is not null && !string.IsNullOrEmpty(r.Pattern)).Select(r => (r.Pattern, r.ValueType))];
    }

    public override ActionType ActionType { get; }

    protected override IReadOnlyList<(string Pattern, GuardrailValueType Type)> Paths { get; }
}
