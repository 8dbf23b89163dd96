using System.Diagnostics.CodeAnalysis;

using Alpha.Learning;
using Alpha.Learning.Alerts;
using Alpha.Learning.Alerts.Internal;
using Alpha.Learning.Analysis;
using Alpha.Learning.Analysis.Internal;
using Alpha.Learning.DependencyInjection;
using Alpha.Learning.DependencyInjection.Internal;
using Alpha.Learning.Improvements;
using Alpha.Learning.Improvements.Internal;
using Alpha.Learning.Logs;
using Alpha.Learning.Loop;
using Alpha.Learning.Storage;

using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers Alpha.Learning with a service collection.
/// </summary>
public static class AlphaLearningServiceCollectionExtensions
{
    /// <summary>
    /// Registers the log source, the six detectors and the analyzer, the SQLite learning store, the config store (YAML,
    /// or <see cref="JsonConfigStore"/> when <c>Config.Path</c> ends in <c>.json</c>),
    /// the four actions and the executor, the scheduler and the <see cref="FeedbackLoop"/>, all as singletons with
    /// <c>TryAdd</c> (so a host's own registrations win). Idempotent: a second call only adds its configuration.
    /// Options are validated at start (<c>ValidateOnStart</c>) and again when the loop is built.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options, or <see langword="null"/>.</param>
    /// <returns>A builder to plug in detectors, actions, stores, a log source or a scheduler.</returns>
    public static IAlphaLearningBuilder AddAlphaLearning(this IServiceCollection services, Action<AlphaLearningOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<AlphaLearningOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        var builder = new AlphaLearningBuilder(services);
        if (services.Any(d => d.ServiceType == typeof(AlphaLearningMarker)))
        {
            return builder;
        }

        services.AddSingleton<AlphaLearningMarker>();
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AlphaLearningOptions>, AlphaLearningOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        // Each component reads its part of the one options object.
        services.TryAddSingleton(sp => Part(sp, o => o.Loop));
        services.TryAddSingleton(sp => Part(sp, o => o.Analysis));
        services.TryAddSingleton(sp => Part(sp, o => o.Logs));
        services.TryAddSingleton(sp => Part(sp, o => o.Store));
        services.TryAddSingleton(sp => Part(sp, o => o.Config));
        services.TryAddSingleton(sp => Part(sp, o => o.Guardrails));
        services.TryAddSingleton(sp => Part(sp, o => o.Alerts));

        // The guardrails follow the path templates the rules write, so a host maps both in one place.
        services.PostConfigure<AlphaLearningOptions>(o => o.Guardrails.PathTemplates = o.Analysis.PathTemplates);
        services.TryAddSingleton(sp => Part(sp, o => new ImprovementExecutorOptions
        {
            MaxDailyImprovements = o.Loop.MaxDailyImprovements,
            TimeZone = o.Loop.TimeZone,
            MinConfidence = o.Loop.MinConfidence,
            BackupDirectory = o.BackupDirectory,
            RecoveryGracePeriod = o.RecoveryGracePeriod,
        }));

        services.TryAddSingleton<ILogSource, JsonLinesLogSource>(); // by type: DI takes the constructor over IOptions<JsonLinesLogSourceOptions>
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPatternDetector, RecurringErrorDetector>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPatternDetector, SlowOperationDetector>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPatternDetector, TimeoutDetector>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPatternDetector, HighCostDetector>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPatternDetector, InefficientToolChainDetector>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPatternDetector, SuccessfulPatternDetector>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPatternDetector, RegressionDetector>());
        services.TryAddSingleton<LogAnalyzer>(); // by type: its one constructor takes only registered services (the logger is optional)

        services.TryAddSingleton<ILearningStore, SqliteLearningStore>(); // by type: its one constructor takes the options and an optional logger

        // Each stage's store interface is the one learning store, so a host (or a stage's code) can ask for its own part.
        services.TryAddSingleton<IPatternStore>(sp => sp.GetRequiredService<ILearningStore>());
        services.TryAddSingleton<IImprovementStore>(sp => sp.GetRequiredService<ILearningStore>());
        services.TryAddSingleton<ICycleStore>(sp => sp.GetRequiredService<ILearningStore>());
        services.TryAddSingleton<IVerificationStore>(sp => sp.GetRequiredService<ILearningStore>());
        services.TryAddSingleton<IStateStore>(sp => sp.GetRequiredService<ILearningStore>());
        services.TryAddSingleton<IConfigStore>(ConfigStoreSelection.Create);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IImprovementAction, ConfigUpdateAction>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IImprovementAction, ModelRoutingAction>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IImprovementAction, ToolStrategyAction>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IImprovementAction, ErrorHandlingAction>());
        services.TryAddSingleton(sp => new ImprovementExecutor(
            sp.GetRequiredService<IConfigStore>(),
            sp.GetRequiredService<ILearningStore>(),
            OnePerActionType(sp.GetServices<IImprovementAction>(), sp.GetServices<ActionReplacement>()),
            sp.GetRequiredService<IOptions<ImprovementExecutorOptions>>(),
            sp.GetRequiredService<IOptions<GuardrailOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<ImprovementExecutor>>()));

        AddAlerts(services);
        services.TryAddSingleton(sp => FeedbackLoopSchedulers.Create(sp.GetRequiredService<IOptions<FeedbackLoopOptions>>().Value.Schedule));
        services.TryAddSingleton<FeedbackLoop>(); // by type: its one constructor takes only registered services (the logger and alerts are optional)
        return builder;
    }

    /// <summary>
    /// The built-in alert sinks (the logger when <c>LogAlerts</c>, the webhook when <c>WebhookUrl</c> is set, the file
    /// when <c>FilePath</c> is set; a host adds its own as more <see cref="IAlertSink"/> singletons) and the publisher,
    /// whose alert states live in the learning store when it keeps them.
    /// </summary>
    private static void AddAlerts(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAlertSink, ConfiguredAlertSink>(sp => new ConfiguredAlertSink(
            "logger", sp.GetRequiredService<IOptions<AlertOptions>>().Value.LogAlerts ? new LoggerAlertSink(sp.GetService<ILogger<LoggerAlertSink>>() ?? NullLogger<LoggerAlertSink>.Instance) : null)));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAlertSink, ConfiguredWebhookAlertSink>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<AlertOptions>>().Value;
            return new ConfiguredWebhookAlertSink(options.WebhookUrl is null ? null : new WebhookAlertSink(options, HostWebhookClients(sp), sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<WebhookAlertSink>>() ?? NullLogger<WebhookAlertSink>.Instance));
        }));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAlertSink, ConfiguredFileAlertSink>(sp =>
        {
            var path = sp.GetRequiredService<IOptions<AlertOptions>>().Value.FilePath;
            return new ConfiguredFileAlertSink(path is null ? null : new JsonLinesFileAlertSink(path));
        }));
        services.TryAddSingleton(sp => new AlertPublisher(
            sp.GetServices<IAlertSink>(),
            sp.GetService<IAlertStateStore>() ?? sp.GetRequiredService<ILearningStore>() as IAlertStateStore,
            sp.GetRequiredService<IOptions<AlertOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<AlertPublisher>>()));
    }

    /// <summary>
    /// The host's keyed HttpClient for the webhook, taken in a fresh scope per alert (a factory-made client gets the
    /// factory's handler rotation and the host's handlers), or <see langword="null"/> when the host registered none.
    /// </summary>
    private static Func<WebhookClientLease>? HostWebhookClients(IServiceProvider services)
    {
        if (services.GetService<IServiceProviderIsKeyedService>() is not { } keyed || !keyed.IsKeyedService(typeof(HttpClient), AlertOptions.WebhookHttpClientName))
        {
            return null;
        }

        var scopes = services.GetRequiredService<IServiceScopeFactory>();
        return () =>
        {
            var scope = scopes.CreateScope();
            try
            {
                return new WebhookClientLease(scope.ServiceProvider.GetRequiredKeyedService<HttpClient>(AlertOptions.WebhookHttpClientName), scope);
            }
            catch
            {
                scope.Dispose();
                throw;
            }
        };
    }

    private static IOptions<T> Part<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] T>(IServiceProvider services, Func<AlphaLearningOptions, T> part)
        where T : class
        => Options.Options.Create(part(services.GetRequiredService<IOptions<AlphaLearningOptions>>().Value));

    /// <summary>
    /// One action per action type: a second one for a built-in type replaces the built-in action only when it was added
    /// with <c>ReplaceBuiltInAction</c>; any other pair is an error naming both.
    /// </summary>
    private static List<IImprovementAction> OnePerActionType(IEnumerable<IImprovementAction> actions, IEnumerable<ActionReplacement> replacements)
    {
        var replacing = replacements.Select(r => r.ActionClass).ToHashSet();
        var byType = new Dictionary<ActionType, IImprovementAction>();
        foreach (var action in actions)
        {
            if (!byType.TryGetValue(action.ActionType, out var existing))
            {
                byType[action.ActionType] = action;
            }
            else if (existing is ConfigImprovementAction and not GuardedConfigAction && replacing.Contains(action.GetType()))
            {
                byType[action.ActionType] = action;
            }
            else
            {
                throw new InvalidOperationException(
                    $"Two actions carry out {Alpha.Learning.EnumNames.ToName(action.ActionType)} recommendations: {existing.GetType().FullName} and {action.GetType().FullName}. " +
                    "Register one action per action type; to replace a built-in action, add yours with ReplaceBuiltInAction<T>().");
            }
        }

        return [.. byType.Values];
    }

    private sealed class AlphaLearningMarker;
}
