namespace Alpha.Learning.Improvements;

/// <summary>The built-in <see cref="IImprovementAction"/> implementations.</summary>
public static class ImprovementActions
{
    /// <summary>Creates the built-in actions, one each for <c>config_update</c>, <c>model_routing</c>, <c>tool_strategy</c> and <c>error_handling</c>.</summary>
    /// <returns>A new list of the actions.</returns>
    public static IReadOnlyList<IImprovementAction> CreateBuiltIn() => Internal.BuiltInActions.Create();

    /// <summary>
    /// Creates a config action for an action type of your own: it applies any change whose path a guardrail rule of
    /// <paramref name="guardrails"/> allows (the host's rules first, then the built-in ones when
    /// <see cref="GuardrailOptions.UseDefaultRules"/> is set), with a value of that rule's type. The executor checks the
    /// rule's bounds, step, cooldown and history before applying, and rolls the change back like a built-in one.
    /// </summary>
    /// <param name="actionType">The action type it carries out, for example <c>new ActionType("cache_tuning")</c>.</param>
    /// <param name="guardrails">The guardrails; pass the same options the executor uses.</param>
    /// <returns>The action.</returns>
    public static IImprovementAction CreateConfigAction(Analysis.ActionType actionType, GuardrailOptions guardrails) =>
        new Internal.GuardedConfigAction(actionType, guardrails);
}
