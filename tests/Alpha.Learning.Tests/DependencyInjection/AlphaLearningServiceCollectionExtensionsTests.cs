using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;
using Alpha.Learning.Logs;
using Alpha.Learning.Loop;
using Alpha.Learning.Storage;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Alpha.Learning.Tests.DependencyInjection;

public class AlphaLearningServiceCollectionExtensionsTests
{
    private sealed class CustomDetector : IPatternDetector
    {
        public string Name => "custom";

        public IPatternDetectorSession CreateSession(AnalysisContext context) => throw new NotSupportedException("Not used in this test.");

        public IEnumerable<ImprovementRecommendation> Recommend(LogPattern pattern, RecommendationContext context) => [];
    }

    private static ServiceCollection Services(Action<Alpha.Learning.DependencyInjection.AlphaLearningOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddAlphaLearning(o =>
        {
            o.Store.DatabasePath = ":memory:";
            o.Config.Path = "agent.yaml";
            o.Config.AllowMissingFile = true;
            configure?.Invoke(o);
        });
        return services;
    }

    [Fact]
    public void AddAlphaLearning_Default_ResolvesEveryComponent()
    {
        using var provider = Services().BuildServiceProvider();

        provider.GetRequiredService<FeedbackLoop>().GetStatus().Mode.Should().Be(FeedbackLoopMode.SemiAuto);
        provider.GetRequiredService<ILogSource>().Should().BeOfType<JsonLinesLogSource>();
        provider.GetRequiredService<ILearningStore>().Should().BeOfType<SqliteLearningStore>();
        provider.GetRequiredService<IConfigStore>().Should().BeOfType<YamlConfigStore>();
        provider.GetServices<IPatternDetector>().Should().HaveCount(7);
        provider.GetServices<IImprovementAction>().Select(a => a.ActionType).Should().BeEquivalentTo([ActionType.ConfigUpdate, ActionType.ModelRouting, ActionType.ToolStrategy, ActionType.ErrorHandling]);
        provider.GetRequiredService<IFeedbackLoopScheduler>().Description.Should().Be("daily at 02:00 (UTC)");
        provider.GetRequiredService<TimeProvider>().Should().BeSameAs(TimeProvider.System);
    }

    [Fact]
    public void AddAlphaLearning_CalledTwice_RegistersOnceAndKeepsBothConfigurations()
    {
        var services = Services(o => o.Loop.MaxDailyImprovements = 9);
        var count = services.Count;

        services.AddAlphaLearning(o => o.Loop.Mode = FeedbackLoopMode.Manual);
        using var provider = services.BuildServiceProvider();

        services.Count.Should().Be(count + 1, "only the second configure action is added");
        provider.GetRequiredService<IOptions<FeedbackLoopOptions>>().Value.Should().BeEquivalentTo(new { MaxDailyImprovements = 9, Mode = FeedbackLoopMode.Manual }, o => o.ExcludingMissingMembers());
    }

    [Fact]
    public void AddAlphaLearning_InvalidOptions_FailWhenTheLoopIsBuiltNamingTheSetting()
    {
        using var provider = Services(o => o.Loop.MinConfidence = 1.5).BuildServiceProvider();

        var act = () => provider.GetRequiredService<FeedbackLoop>();

        act.Should().Throw<OptionsValidationException>().WithMessage("*AlphaLearning:Loop:MinConfidence*1.5*");
    }

    [Fact]
    public void AddAlphaLearning_HostHasItsOwnStoreAndClock_TheirsWin()
    {
        var services = new ServiceCollection();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        services.AddSingleton<TimeProvider>(clock);
        services.AddAlphaLearning(o =>
        {
            o.Config.Path = "agent.yaml";
            o.Config.AllowMissingFile = true;
        }).UseLearningStore<InMemoryStore>();
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<TimeProvider>().Should().BeSameAs(clock);
        provider.GetRequiredService<ILearningStore>().Should().BeOfType<InMemoryStore>();
    }

    [Fact]
    public void UseLearningStore_StageStoreInterfaces_AreThatOneStore()
    {
        var services = Services();
        services.AddAlphaLearning().UseLearningStore<InMemoryStore>();
        using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<ILearningStore>();
        provider.GetRequiredService<IPatternStore>().Should().BeSameAs(store);
        provider.GetRequiredService<IImprovementStore>().Should().BeSameAs(store);
        provider.GetRequiredService<ICycleStore>().Should().BeSameAs(store);
        provider.GetRequiredService<IVerificationStore>().Should().BeSameAs(store);
        provider.GetRequiredService<IStateStore>().Should().BeSameAs(store);
    }

    [Fact]
    public void Builder_AddDetectorAndHostedLoop_AreRegistered()
    {
        var services = Services();

        services.AddAlphaLearning().AddDetector<CustomDetector>().AddHostedFeedbackLoop();
        using var provider = services.BuildServiceProvider();

        provider.GetServices<IPatternDetector>().Should().HaveCount(8).And.ContainSingle(d => d is CustomDetector);
        provider.GetServices<IHostedService>().Should().ContainSingle();
    }

    private sealed class InMemoryStore : IDisposable, ILearningStore
    {
        private readonly SqliteLearningStore _inner = SqliteLearningStore.CreateInMemory();

        public void Dispose() => _inner.Dispose();

        public Task<StoredPattern> StorePatternAsync(LogPattern pattern, long? cycleNumber, DateTimeOffset at, CancellationToken cancellationToken = default) => _inner.StorePatternAsync(pattern, cycleNumber, at, cancellationToken);
        public Task<int> StorePatternsAsync(IEnumerable<LogPattern> patterns, long? cycleNumber, DateTimeOffset at, CancellationToken cancellationToken = default) => _inner.StorePatternsAsync(patterns, cycleNumber, at, cancellationToken);
        public Task<StoredPattern?> GetPatternAsync(string fingerprint, CancellationToken cancellationToken = default) => _inner.GetPatternAsync(fingerprint, cancellationToken);
        public Task<IReadOnlyList<StoredPattern>> GetPatternsAsync(PatternType? type = null, double? minImpact = null, int limit = 100, CancellationToken cancellationToken = default) => _inner.GetPatternsAsync(type, minImpact, limit, cancellationToken);
        public Task<IReadOnlyList<PatternOccurrence>> GetPatternHistoryAsync(string fingerprint, CancellationToken cancellationToken = default) => _inner.GetPatternHistoryAsync(fingerprint, cancellationToken);
        public Task StoreImprovementAsync(ImprovementRecord record, CancellationToken cancellationToken = default) => _inner.StoreImprovementAsync(record, cancellationToken);
        public Task<int> StoreImprovementsAsync(IEnumerable<ImprovementRecord> records, CancellationToken cancellationToken = default) => _inner.StoreImprovementsAsync(records, cancellationToken);
        public Task<ReservationOutcome> TryReserveImprovementAsync(ImprovementRecord record, DateTimeOffset windowStart, DateTimeOffset windowEnd, int maxInWindow, CancellationToken cancellationToken = default) => _inner.TryReserveImprovementAsync(record, windowStart, windowEnd, maxInWindow, cancellationToken);
        public Task<long> CountAppliedInWindowAsync(DateTimeOffset windowStart, DateTimeOffset windowEnd, CancellationToken cancellationToken = default) => _inner.CountAppliedInWindowAsync(windowStart, windowEnd, cancellationToken);
        public Task<IReadOnlyDictionary<ImprovementStatus, long>> CountImprovementsByStatusAsync(CancellationToken cancellationToken = default) => _inner.CountImprovementsByStatusAsync(cancellationToken);
        public Task<bool> UpdateImprovementStatusAsync(string id, ImprovementStatus newStatus, ImprovementStatus? expectedStatus, string? reason, DateTimeOffset at, CancellationToken cancellationToken = default) => _inner.UpdateImprovementStatusAsync(id, newStatus, expectedStatus, reason, at, cancellationToken);
        public Task<bool> UpdateImprovementAsync(ImprovementUpdate update, CancellationToken cancellationToken = default) => _inner.UpdateImprovementAsync(update, cancellationToken);
        public Task<ImprovementRecord?> GetImprovementAsync(string id, CancellationToken cancellationToken = default) => _inner.GetImprovementAsync(id, cancellationToken);
        public Task<IReadOnlyList<ImprovementRecord>> GetImprovementsAsync(ImprovementStatus? status = null, ActionType? actionType = null, int limit = 100, CancellationToken cancellationToken = default) => _inner.GetImprovementsAsync(status, actionType, limit, cancellationToken);
        public Task<IReadOnlyList<ImprovementRecord>> GetImprovementsByRecommendationAsync(string recommendationId, CancellationToken cancellationToken = default) => _inner.GetImprovementsByRecommendationAsync(recommendationId, cancellationToken);
        public Task<int> ExpirePendingApprovalsAsync(DateTimeOffset waitingSince, DateTimeOffset at, CancellationToken cancellationToken = default) => _inner.ExpirePendingApprovalsAsync(waitingSince, at, cancellationToken);
        public Task<int> RecordPathChangesAsync(IEnumerable<PathChange> changes, CancellationToken cancellationToken = default) => _inner.RecordPathChangesAsync(changes, cancellationToken);
        public Task<IReadOnlyList<PathChange>> GetPathChangesAsync(string path, DateTimeOffset since, CancellationToken cancellationToken = default) => _inner.GetPathChangesAsync(path, since, cancellationToken);
        public Task StoreMetricAsync(SuccessMetric metric, CancellationToken cancellationToken = default) => _inner.StoreMetricAsync(metric, cancellationToken);
        public Task<int> StoreMetricsAsync(IEnumerable<SuccessMetric> metrics, CancellationToken cancellationToken = default) => _inner.StoreMetricsAsync(metrics, cancellationToken);
        public Task<IReadOnlyList<SuccessMetric>> GetMetricsAsync(string? name = null, string? subject = null, DateTimeOffset? since = null, DateTimeOffset? until = null, int limit = 10000, CancellationToken cancellationToken = default) => _inner.GetMetricsAsync(name, subject, since, until, limit, cancellationToken);
        public Task StoreCorrelationAsync(Correlation correlation, CancellationToken cancellationToken = default) => _inner.StoreCorrelationAsync(correlation, cancellationToken);
        public Task<int> StoreCorrelationsAsync(IEnumerable<Correlation> correlations, CancellationToken cancellationToken = default) => _inner.StoreCorrelationsAsync(correlations, cancellationToken);
        public Task<IReadOnlyList<Correlation>> GetCorrelationsAsync(string? type = null, double? minScore = null, CancellationToken cancellationToken = default) => _inner.GetCorrelationsAsync(type, minScore, cancellationToken);
        public Task<LearningStoreStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default) => _inner.GetStatisticsAsync(cancellationToken);
        public Task<CycleRun> StartCycleAsync(DateTimeOffset at, string? owner = null, CancellationToken cancellationToken = default) => _inner.StartCycleAsync(at, owner, cancellationToken);
        public Task<bool> FinishCycleAsync(long cycleNumber, CycleRunStatus status, string? reason, string? report, DateTimeOffset at, CancellationToken cancellationToken = default) => _inner.FinishCycleAsync(cycleNumber, status, reason, report, at, cancellationToken);
        public Task<long> GetCycleCountAsync(CancellationToken cancellationToken = default) => _inner.GetCycleCountAsync(cancellationToken);
        public Task<long> CountCyclesAsync(CycleRunStatus status, CancellationToken cancellationToken = default) => _inner.CountCyclesAsync(status, cancellationToken);
        public Task<CycleRun?> GetLastCycleAsync(CancellationToken cancellationToken = default) => _inner.GetLastCycleAsync(cancellationToken);
        public Task<CycleRun?> GetCycleAsync(long cycleNumber, CancellationToken cancellationToken = default) => _inner.GetCycleAsync(cycleNumber, cancellationToken);
        public Task<bool> TryAcquireLeaseAsync(string name, string owner, DateTimeOffset now, TimeSpan ttl, CancellationToken cancellationToken = default) => _inner.TryAcquireLeaseAsync(name, owner, now, ttl, cancellationToken);
        public Task<bool> RenewLeaseAsync(string name, string owner, DateTimeOffset now, TimeSpan ttl, CancellationToken cancellationToken = default) => _inner.RenewLeaseAsync(name, owner, now, ttl, cancellationToken);
        public Task<bool> ReleaseLeaseAsync(string name, string owner, CancellationToken cancellationToken = default) => _inner.ReleaseLeaseAsync(name, owner, cancellationToken);
        public Task<LearningStoreLease?> GetLeaseAsync(string name, CancellationToken cancellationToken = default) => _inner.GetLeaseAsync(name, cancellationToken);
        public Task<bool> TakeOverLeaseAsync(string name, string expectedOwner, string owner, DateTimeOffset now, TimeSpan ttl, CancellationToken cancellationToken = default) => _inner.TakeOverLeaseAsync(name, expectedOwner, owner, now, ttl, cancellationToken);
        public Task<IReadOnlyList<CycleRun>> GetRunningCyclesAsync(CancellationToken cancellationToken = default) => _inner.GetRunningCyclesAsync(cancellationToken);
        public Task StoreBaselineAsync(VerificationBaseline baseline, CancellationToken cancellationToken = default) => _inner.StoreBaselineAsync(baseline, cancellationToken);
        public Task<VerificationBaseline?> GetBaselineAsync(string improvementId, TargetMetric metric, CancellationToken cancellationToken = default) => _inner.GetBaselineAsync(improvementId, metric, cancellationToken);
        public Task StoreVerificationAsync(VerificationResult result, CancellationToken cancellationToken = default) => _inner.StoreVerificationAsync(result, cancellationToken);
        public Task<IReadOnlyList<VerificationResult>> GetVerificationsAsync(string improvementId, CancellationToken cancellationToken = default) => _inner.GetVerificationsAsync(improvementId, cancellationToken);
        public Task<string?> GetStateAsync(string key, CancellationToken cancellationToken = default) => _inner.GetStateAsync(key, cancellationToken);
        public Task SetStateAsync(string key, string? value, DateTimeOffset at, CancellationToken cancellationToken = default) => _inner.SetStateAsync(key, value, at, cancellationToken);
        public Task<PurgeResult> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken = default) => _inner.PurgeAsync(olderThan, cancellationToken);
    }
}
