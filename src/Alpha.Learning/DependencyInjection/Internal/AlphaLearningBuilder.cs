using System.Diagnostics.CodeAnalysis;

using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;
using Alpha.Learning.Logs;
using Alpha.Learning.Loop;
using Alpha.Learning.Storage;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Alpha.Learning.DependencyInjection.Internal;

internal sealed class AlphaLearningBuilder(IServiceCollection services) : IAlphaLearningBuilder
{
    public IServiceCollection Services { get; } = services;

    public IAlphaLearningBuilder AddDetector<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TDetector>()
        where TDetector : class, IPatternDetector
    {
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IPatternDetector, TDetector>());
        return this;
    }

    public IAlphaLearningBuilder AddAction<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TAction>()
        where TAction : class, IImprovementAction
    {
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IImprovementAction, TAction>());
        return this;
    }

    public IAlphaLearningBuilder ReplaceBuiltInAction<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TAction>()
        where TAction : class, IImprovementAction
    {
        AddAction<TAction>();
        if (!Services.Any(d => d.ImplementationInstance is ActionReplacement r && r.ActionClass == typeof(TAction)))
        {
            Services.AddSingleton(new ActionReplacement(typeof(TAction)));
        }

        return this;
    }

    public IAlphaLearningBuilder AddConfigAction(ActionType actionType)
    {
        if (actionType.Value is null)
        {
            throw new ArgumentException("The action type has no name (it is the default value); use new ActionType(\"your_name\").", nameof(actionType));
        }

        if (!Services.Any(d => d.ImplementationInstance is ConfigActionRegistration r && r.ActionType == actionType))
        {
            Services.AddSingleton(new ConfigActionRegistration(actionType));
            Services.AddSingleton<IImprovementAction>(sp => ImprovementActions.CreateConfigAction(actionType, sp.GetRequiredService<IOptions<GuardrailOptions>>().Value));
        }

        return this;
    }

    public IAlphaLearningBuilder AddGuardrail(GuardrailRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        Services.Configure<AlphaLearningOptions>(o => o.Guardrails.Rules.Add(rule));
        return this;
    }

    public IAlphaLearningBuilder UseConfigStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>()
        where TStore : class, IConfigStore
    {
        Services.Replace(ServiceDescriptor.Singleton<IConfigStore, TStore>());
        return this;
    }

    public IAlphaLearningBuilder UseLearningStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>()
        where TStore : class, ILearningStore
    {
        Services.Replace(ServiceDescriptor.Singleton<ILearningStore, TStore>());
        return this;
    }

    public IAlphaLearningBuilder UseLogSource<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TSource>()
        where TSource : class, ILogSource
    {
        Services.Replace(ServiceDescriptor.Singleton<ILogSource, TSource>());
        return this;
    }

    public IAlphaLearningBuilder UseScheduler<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TScheduler>()
        where TScheduler : class, IFeedbackLoopScheduler
    {
        Services.Replace(ServiceDescriptor.Singleton<IFeedbackLoopScheduler, TScheduler>());
        return this;
    }

    public IAlphaLearningBuilder AddHostedFeedbackLoop()
    {
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, FeedbackLoopHostedService>());
        return this;
    }
}
