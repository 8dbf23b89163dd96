using System.Diagnostics.CodeAnalysis;

using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;
using Alpha.Learning.Logs;
using Alpha.Learning.Loop;
using Alpha.Learning.Storage;

using Microsoft.Extensions.DependencyInjection;

namespace Alpha.Learning.DependencyInjection;

/// <summary>
/// Configures Alpha.Learning's services: plug in detectors and actions, replace the default log source, stores and
/// scheduler, or run the loop in a generic host.
/// </summary>
public interface IAlphaLearningBuilder
{
    /// <summary>Gets the service collection.</summary>
    IServiceCollection Services { get; }

    /// <summary>Adds a pattern detector (a singleton) to the six built-in ones.</summary>
    /// <typeparam name="TDetector">The detector type.</typeparam>
    /// <returns>This builder.</returns>
    IAlphaLearningBuilder AddDetector<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TDetector>()
        where TDetector : class, IPatternDetector;

    /// <summary>
    /// Adds an improvement action (a singleton) for its <see cref="IImprovementAction.ActionType"/>, beside the built-in
    /// ones. Two actions for one action type are an error (reported when the executor is built); to put your own action
    /// in place of a built-in one, use <see cref="ReplaceBuiltInAction{TAction}"/>.
    /// </summary>
    /// <typeparam name="TAction">The action type.</typeparam>
    /// <returns>This builder.</returns>
    IAlphaLearningBuilder AddAction<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TAction>()
        where TAction : class, IImprovementAction;

    /// <summary>
    /// Adds an improvement action (a singleton) that replaces the built-in action of the same
    /// <see cref="IImprovementAction.ActionType"/> (for example your own <c>model_routing</c>).
    /// </summary>
    /// <typeparam name="TAction">The action type.</typeparam>
    /// <returns>This builder.</returns>
    IAlphaLearningBuilder ReplaceBuiltInAction<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TAction>()
        where TAction : class, IImprovementAction;

    /// <summary>
    /// Adds a config action for an action type of your own: it applies any change whose path a guardrail rule allows
    /// (see <see cref="AddGuardrail"/>), with the rule's value type, bounds, step and cooldown; verification, rollback
    /// and the reports treat its changes like built-in ones. Adding the same action type again does nothing.
    /// </summary>
    /// <param name="actionType">The action type, for example <c>new ActionType("cache_tuning")</c>.</param>
    /// <returns>This builder.</returns>
    IAlphaLearningBuilder AddConfigAction(ActionType actionType);

    /// <summary>
    /// Adds a guardrail rule: automatic changes may then write the paths its pattern matches, within its limits. Host
    /// rules are checked before the built-in ones, in the order added; the first rule whose pattern matches decides.
    /// </summary>
    /// <param name="rule">The rule, for example <c>new GuardrailRule { Pattern = "cache.*.ttl_seconds", Min = 10, Max = 3600 }</c>.</param>
    /// <returns>This builder.</returns>
    IAlphaLearningBuilder AddGuardrail(GuardrailRule rule);

    /// <summary>Replaces the config store (the default edits a YAML file).</summary>
    /// <typeparam name="TStore">The config store type.</typeparam>
    /// <returns>This builder.</returns>
    IAlphaLearningBuilder UseConfigStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>()
        where TStore : class, IConfigStore;

    /// <summary>Replaces the learning store (the default is SQLite).</summary>
    /// <typeparam name="TStore">The learning store type.</typeparam>
    /// <returns>This builder.</returns>
    IAlphaLearningBuilder UseLearningStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>()
        where TStore : class, ILearningStore;

    /// <summary>Replaces the log source (the default reads JSON-lines files).</summary>
    /// <typeparam name="TSource">The log source type.</typeparam>
    /// <returns>This builder.</returns>
    IAlphaLearningBuilder UseLogSource<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TSource>()
        where TSource : class, ILogSource;

    /// <summary>Replaces the scheduler (the default follows <see cref="FeedbackLoopOptions.Schedule"/>).</summary>
    /// <typeparam name="TScheduler">The scheduler type.</typeparam>
    /// <returns>This builder.</returns>
    IAlphaLearningBuilder UseScheduler<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TScheduler>()
        where TScheduler : class, IFeedbackLoopScheduler;

    /// <summary>Runs the feedback loop in the generic host: started and stopped with it (an <c>IHostedService</c>).</summary>
    /// <returns>This builder.</returns>
    IAlphaLearningBuilder AddHostedFeedbackLoop();
}
