using System.Diagnostics.CodeAnalysis;
using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;
using Alpha.Learning.Logs;
using Alpha.Learning.Loop;
using Alpha.Learning.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

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
