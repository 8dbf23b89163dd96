using Alpha.Learning.Analysis;

namespace Alpha.Learning.Improvements;

/// <summary>
/// Carries out one kind of recommendation (<see cref="Analysis.ActionType"/>): validates it, plans its exact
/// changes against the current configuration, applies them through an <see cref="IConfigStore"/>, and computes
/// their inverse for a rollback. Built-in actions exist for <c>config_update</c>, <c>model_routing</c>,
/// <c>tool_strategy</c> and <c>error_handling</c>.
/// </summary>
public interface IImprovementAction
{
    /// <summary>Gets the kind of recommendation this action carries out.</summary>
    ActionType ActionType { get; }

    /// <summary>Checks a recommendation without reading the configuration: its kind, paths, value types and count.</summary>
    /// <param name="recommendation">The recommendation.</param>
    /// <returns>Whether it can be applied; an advisory recommendation (no change) is never applied.</returns>
    ActionValidation Validate(ImprovementRecommendation recommendation);

    /// <summary>Plans the exact changes of a valid recommendation against the current configuration (the old values as found), without writing anything.</summary>
    /// <param name="recommendation">A recommendation that <see cref="Validate"/> found valid.</param>
    /// <param name="store">The configuration.</param>
    /// <param name="cancellationToken">The token that cancels the planning.</param>
    /// <returns>The plan; its <see cref="ConfigEditPlan.Changes"/> are the diff.</returns>
    /// <exception cref="InvalidOperationException">The recommendation is not valid or is advisory.</exception>
    /// <exception cref="ConfigStoreException">The configuration cannot be changed safely.</exception>
    ValueTask<ConfigEditPlan> PlanAsync(ImprovementRecommendation recommendation, IConfigStore store, CancellationToken cancellationToken = default);

    /// <summary>Applies a plan through the store, with compare-and-swap on the version it was planned against.</summary>
    /// <param name="plan">The plan made by <see cref="PlanAsync"/>.</param>
    /// <param name="store">The configuration.</param>
    /// <param name="cancellationToken">The token that cancels the write before it starts.</param>
    /// <returns>Applied, or a conflict when the configuration changed since planned.</returns>
    ValueTask<ConfigWriteResult> ApplyAsync(ConfigEditPlan plan, IConfigStore store, CancellationToken cancellationToken = default);

    /// <summary>
    /// Computes the changes that undo applied changes: in reverse order, each restoring the old value, or removing
    /// the key when it did not exist before. Planning them fails with <see cref="ConfigStoreError.ValueChanged"/>
    /// when someone changed one of the paths since.
    /// </summary>
    /// <param name="applied">The applied changes (a plan's <see cref="ConfigEditPlan.Changes"/>).</param>
    /// <returns>The inverse changes.</returns>
    IReadOnlyList<ConfigChange> Invert(IReadOnlyList<ConfigChange> applied);
}
