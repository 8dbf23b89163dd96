using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;
using Alpha.Learning.Storage;

using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Alpha.Learning.Tests.DependencyInjection;

public sealed class PluginRegistrationTests : IDisposable
{
    private static readonly ActionType CacheTuning = new("cache_tuning");
    private static readonly PatternType CacheMiss = new("cache_miss");
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private ServiceCollection Services(Action<Alpha.Learning.DependencyInjection.AlphaLearningOptions>? configure = null)
    {
        var config = _folder.Write("agent.yaml", "cache:\n  user_profile:\n    ttl_seconds: 60 # plugin-owned\ntasks:\n  timeouts:\n    web_research: 30\n");
        var services = new ServiceCollection();
        services.AddAlphaLearning(o =>
        {
            o.Store.DatabasePath = _folder.File("learning.db");
            o.Config.Path = config;
            configure?.Invoke(o);
        });
        return services;
    }

    private static ImprovementRecommendation TtlRecommendation(object newValue) => new()
    {
        Id = "rec-cache",
        Title = "Keep user_profile cached longer",
        Rationale = "Cache misses dominate.",
        Priority = Priority.Medium,
        ActionType = CacheTuning,
        Confidence = 0.9,
        Risk = RiskLevel.Safe,
        PatternFingerprint = LogPattern.ComputeFingerprint(CacheMiss, "cache", "user_profile"),
        PatternType = CacheMiss,
        Subject = "cache",
        Key = "user_profile",
        TargetMetric = TargetMetric.None,
        Changes = [new ConfigChange { Path = "cache.user_profile.ttl_seconds", NewValue = newValue }],
    };

    [Fact]
    public async Task AddConfigActionAndGuardrail_PluginPath_AppliedRecordedAndRolledBackLikeABuiltInChange()
    {
        var services = Services();
        services.AddAlphaLearning()
            .AddConfigAction(CacheTuning)
            .AddGuardrail(new GuardrailRule { Pattern = "cache.*.ttl_seconds", ValueType = GuardrailValueType.WholeNumber, Min = 10, Max = 3600, MaxStepFactor = 4 });
        await using var provider = services.BuildServiceProvider();
        var executor = provider.GetRequiredService<ImprovementExecutor>();
        var configPath = provider.GetRequiredService<IOptions<YamlConfigStoreOptions>>().Value.Path;
        var before = await File.ReadAllTextAsync(configPath);

        var applied = await executor.ApplyRecommendationAsync(TtlRecommendation(120L));

        applied.Outcome.Should().Be(ImprovementOutcome.Applied, applied.Reason);
        (await File.ReadAllTextAsync(configPath)).Should().Contain("ttl_seconds: 120 # plugin-owned");
        var record = await provider.GetRequiredService<ILearningStore>().GetImprovementAsync(applied.Improvement!.Id);
        record!.ActionType.Should().Be(CacheTuning);
        record.PatternType.Should().Be(CacheMiss);

        var rolledBack = await executor.RollbackImprovementAsync(record.Id);

        rolledBack.Success.Should().BeTrue(rolledBack.Reason);
        (await File.ReadAllTextAsync(configPath)).Should().Be(before);
    }

    [Fact]
    public async Task AddConfigAction_ValueBeyondTheGuardrail_RefusedAndFileUntouched()
    {
        var services = Services();
        services.AddAlphaLearning()
            .AddConfigAction(CacheTuning)
            .AddGuardrail(new GuardrailRule { Pattern = "cache.*.ttl_seconds", ValueType = GuardrailValueType.WholeNumber, Min = 10, Max = 100 });
        await using var provider = services.BuildServiceProvider();
        var configPath = provider.GetRequiredService<IOptions<YamlConfigStoreOptions>>().Value.Path;
        var before = await File.ReadAllTextAsync(configPath);

        var result = await provider.GetRequiredService<ImprovementExecutor>().ApplyRecommendationAsync(TtlRecommendation(500L));

        result.Outcome.Should().NotBe(ImprovementOutcome.Applied);
        result.Reason.Should().Contain("ttl_seconds");
        (await File.ReadAllTextAsync(configPath)).Should().Be(before);
    }

    [Fact]
    public async Task AddConfigAction_PathNoGuardrailAllows_Invalid()
    {
        var services = Services();
        services.AddAlphaLearning().AddConfigAction(CacheTuning);
        await using var provider = services.BuildServiceProvider();

        var result = await provider.GetRequiredService<ImprovementExecutor>().ApplyRecommendationAsync(TtlRecommendation(120L));

        result.Outcome.Should().NotBe(ImprovementOutcome.Applied);
        result.Reason.Should().Contain("cache.user_profile.ttl_seconds");
    }

    [Fact]
    public void AddConfigAction_CalledTwice_RegistersOneAction()
    {
        var services = Services();
        services.AddAlphaLearning().AddConfigAction(CacheTuning).AddConfigAction(new ActionType("cache_tuning"));
        using var provider = services.BuildServiceProvider();

        provider.GetServices<IImprovementAction>().Count(a => a.ActionType == CacheTuning).Should().Be(1);
        provider.GetRequiredService<ImprovementExecutor>().Should().NotBeNull();
    }

    [Fact]
    public void AddAction_SameTypeAsABuiltInWithoutAsking_FailsNamingBothAndTheWayOut()
    {
        var services = Services();
        services.AddAlphaLearning().AddAction<MyRoutingAction>();
        using var provider = services.BuildServiceProvider();

        var build = () => provider.GetRequiredService<ImprovementExecutor>();

        build.Should().Throw<InvalidOperationException>().WithMessage("*model_routing*MyRoutingAction*ReplaceBuiltInAction<T>()*");
    }

    [Fact]
    public async Task ReplaceBuiltInAction_SameTypeAsABuiltIn_HostActionCarriesOutTheType()
    {
        var services = Services();
        services.AddAlphaLearning().ReplaceBuiltInAction<MyRoutingAction>();
        await using var provider = services.BuildServiceProvider();
        var recommendation = new ImprovementRecommendation
        {
            Id = "rec-route", Title = "Route", Rationale = "r", Priority = Priority.Low, ActionType = ActionType.ModelRouting, Confidence = 0.9,
            Risk = RiskLevel.Safe, PatternFingerprint = "fp", PatternType = PatternType.HighCostOperation, Subject = "task", Key = "summarize",
            TargetMetric = TargetMetric.None, Changes = [new ConfigChange { Path = "model_routing.summarize", NewValue = "small-model" }],
        };

        var result = await provider.GetRequiredService<ImprovementExecutor>().ApplyRecommendationAsync(recommendation, new ApplyOptions { DryRun = true });

        result.Reason.Should().Contain("MyRoutingAction says no");
    }

    [Fact]
    public void AddAlphaLearning_MissingConfigFile_ValidationFailsNamingTheKeyAndThePath()
    {
        var services = new ServiceCollection();
        var missing = _folder.File("nowhere.yaml");
        services.AddAlphaLearning(o =>
        {
            o.Store.DatabasePath = _folder.File("learning.db");
            o.Config.Path = missing;
        });
        using var provider = services.BuildServiceProvider();

        var build = () => provider.GetRequiredService<Alpha.Learning.Loop.FeedbackLoop>();

        build.Should().Throw<OptionsValidationException>().WithMessage($"*AlphaLearning:Config:Path '{missing}' does not exist*AllowMissingFile*");
    }

    [Fact]
    public void AddAlphaLearning_MissingConfigFileAllowed_Builds()
    {
        var services = new ServiceCollection();
        services.AddAlphaLearning(o =>
        {
            o.Store.DatabasePath = _folder.File("learning.db");
            o.Config.Path = _folder.File("new.yaml");
            o.Config.AllowMissingFile = true;
        });
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<Alpha.Learning.Loop.FeedbackLoop>().Should().NotBeNull();
    }

    private sealed class MyRoutingAction : IImprovementAction
    {
        public ActionType ActionType => ActionType.ModelRouting;

        public ActionValidation Validate(ImprovementRecommendation recommendation) =>
            new() { Status = ActionValidationStatus.Invalid, Reason = "MyRoutingAction says no." };

        public ValueTask<ConfigEditPlan> PlanAsync(ImprovementRecommendation recommendation, IConfigStore store, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("Never planned: Validate refuses.");

        public ValueTask<ConfigWriteResult> ApplyAsync(ConfigEditPlan plan, IConfigStore store, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("Never applied: Validate refuses.");

        public IReadOnlyList<ConfigChange> Invert(IReadOnlyList<ConfigChange> applied) => ImprovementActions.CreateBuiltIn()[1].Invert(applied);
    }
}
