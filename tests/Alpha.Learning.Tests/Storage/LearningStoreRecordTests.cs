using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;
using Alpha.Learning.Loop;
using Alpha.Learning.Storage;

using static Alpha.Learning.Tests.Storage.StoreSamples;

namespace Alpha.Learning.Tests.Storage;

/// <summary>The contract of <see cref="ILearningStore"/> for records, run against every store (subclasses below).</summary>
public abstract class LearningStoreRecordTests(ILearningStore store) : IDisposable
{
    private readonly ILearningStore _store = store;

    public void Dispose()
    {
        PostgresTestStore.Dispose(_store);
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task StoreMetricAsync_ThenGetMetricsAsync_RoundTrips()
    {
        var metric = new SuccessMetric { Name = "error_rate", Value = 0.125, Timestamp = T0, Subject = "web_research", Tags = new Dictionary<string, string> { ["cycle"] = "3" } };

        await _store.StoreMetricAsync(metric);

        (await _store.GetMetricsAsync()).Should().ContainSingle().Which.Should().BeEquivalentTo(metric);
    }

    [Fact]
    public async Task GetMetricsAsync_Filters_ByNameSubjectAndTime()
    {
        await _store.StoreMetricsAsync(
        [
            new SuccessMetric { Name = "error_rate", Value = 1, Timestamp = T0, Subject = "a" },
            new SuccessMetric { Name = "error_rate", Value = 2, Timestamp = T0.AddHours(1), Subject = "b" },
            new SuccessMetric { Name = "error_rate", Value = 3, Timestamp = T0.AddHours(2), Subject = "a" },
            new SuccessMetric { Name = "cost_per_call", Value = 4, Timestamp = T0.AddHours(1) },
        ]);

        (await _store.GetMetricsAsync("error_rate")).Select(m => m.Value).Should().Equal(1, 2, 3);
        (await _store.GetMetricsAsync("error_rate", "a")).Select(m => m.Value).Should().Equal(1, 3);
        (await _store.GetMetricsAsync(since: T0.AddHours(1), until: T0.AddHours(2))).Select(m => m.Value).Should().Equal(2, 4);
        (await _store.GetMetricsAsync(limit: 2)).Should().HaveCount(2);
    }

    [Fact]
    public async Task StoreMetricsAsync_NotFiniteValue_ThrowsAndStoresNothing()
    {
        var act = () => _store.StoreMetricsAsync([new SuccessMetric { Name = "m", Value = 1, Timestamp = T0 }, new SuccessMetric { Name = "m", Value = double.NaN, Timestamp = T0 }]);

        await act.Should().ThrowAsync<ArgumentException>().WithMessage("*finite*");
        (await _store.GetMetricsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task StoreCorrelationAsync_SameIdentity_ReplacesAndFiltersByTypeAndScore()
    {
        await _store.StoreCorrelationsAsync(
        [
            new Correlation { Type = "tool_failure", Source = "search", Target = "timeout", Score = 0.4, SampleSize = 10, CreatedAt = T0 },
            new Correlation { Type = "tool_failure", Source = "browse", Target = "timeout", Score = 0.8, SampleSize = 20, CreatedAt = T0 },
            new Correlation { Type = "model_cost", Source = "gpt-4o", Target = "summary", Score = 0.95, CreatedAt = T0 },
        ]);
        await _store.StoreCorrelationAsync(new Correlation { Type = "tool_failure", Source = "search", Target = "timeout", Score = 0.7, SampleSize = 30, Details = "{\"n\":30}", CreatedAt = T0.AddDays(1) });

        var all = await _store.GetCorrelationsAsync();
        all.Should().HaveCount(3);
        all.Select(c => c.Score).Should().Equal(0.95, 0.8, 0.7);
        (await _store.GetCorrelationsAsync("tool_failure")).Select(c => c.Source).Should().Equal("browse", "search");
        (await _store.GetCorrelationsAsync("tool_failure", 0.75)).Select(c => c.Source).Should().Equal("browse");
        (await _store.GetCorrelationsAsync(minScore: 0.9)).Select(c => c.Type).Should().Equal("model_cost");
        all.Single(c => c.Source == "search").Should().BeEquivalentTo(new { SampleSize = 30L, Details = "{\"n\":30}", CreatedAt = T0.AddDays(1) });
    }

    [Fact]
    public async Task GetStatisticsAsync_CountsEveryTable()
    {
        await _store.StorePatternsAsync([Pattern(key: "a", impact: 0.2), Pattern(key: "b", impact: 0.4), Pattern(key: "c", type: PatternType.SlowOperation, impact: 0.6)], 1, T0);
        await _store.StoreImprovementsAsync(
        [
            Improvement(status: ImprovementStatus.Applied), Improvement(status: ImprovementStatus.Applied, actionType: ActionType.ModelRouting),
            Improvement(status: ImprovementStatus.Failed),
        ]);
        await _store.StoreMetricsAsync([new SuccessMetric { Name = "m", Value = 1, Timestamp = T0 }, new SuccessMetric { Name = "m", Value = 2, Timestamp = T0 }]);
        await _store.StoreCorrelationAsync(new Correlation { Type = "t", Source = "s", Target = "x", Score = 1, CreatedAt = T0 });
        await _store.StartCycleAsync(T0);
        await _store.RecordPathChangesAsync([new PathChange { Path = "p", NewValue = 1L, ImprovementId = "i", At = T0 }]);

        var stats = await _store.GetStatisticsAsync();

        stats.TotalPatterns.Should().Be(3);
        stats.PatternsByType.Should().BeEquivalentTo(new Dictionary<PatternType, long> { [PatternType.TimeoutPattern] = 2, [PatternType.SlowOperation] = 1 });
        stats.AverageImpactScore.Should().BeApproximately(0.4, 1e-9);
        stats.TotalImprovements.Should().Be(3);
        stats.ImprovementsByStatus.Should().BeEquivalentTo(new Dictionary<ImprovementStatus, long> { [ImprovementStatus.Applied] = 2, [ImprovementStatus.Failed] = 1 });
        stats.ImprovementsByActionType.Should().BeEquivalentTo(new Dictionary<ActionType, long> { [ActionType.ConfigUpdate] = 2, [ActionType.ModelRouting] = 1 });
        stats.ImprovementsByVerdict.Should().BeEquivalentTo(new Dictionary<VerificationVerdict, long> { [VerificationVerdict.None] = 3 });
        stats.TotalMetrics.Should().Be(2);
        stats.MetricsByName.Should().BeEquivalentTo(new Dictionary<string, long> { ["m"] = 2 });
        stats.TotalCorrelations.Should().Be(1);
        stats.CorrelationsByType.Should().BeEquivalentTo(new Dictionary<string, long> { ["t"] = 1 });
        stats.CycleCount.Should().Be(1);
        stats.TotalPathChanges.Should().Be(1);
    }

    [Fact]
    public async Task GetStatisticsAsync_EmptyStore_IsAllZero()
    {
        var stats = await _store.GetStatisticsAsync();

        stats.Should().BeEquivalentTo(new { TotalPatterns = 0L, TotalImprovements = 0L, TotalMetrics = 0L, TotalCorrelations = 0L, CycleCount = 0L, AverageImpactScore = 0.0 });
    }

    [Fact]
    public async Task StartCycleAsync_NumbersCyclesAndFinishesOnce()
    {
        (await _store.GetLastCycleAsync()).Should().BeNull();
        var first = await _store.StartCycleAsync(T0, "host-1");
        var second = await _store.StartCycleAsync(T0.AddDays(1));

        first.CycleNumber.Should().Be(1);
        second.CycleNumber.Should().Be(2);
        first.Status.Should().Be(CycleRunStatus.Running);
        (await _store.FinishCycleAsync(1, CycleRunStatus.Completed, null, "{\"cycleNumber\":1}", T0.AddMinutes(3))).Should().BeTrue();
        (await _store.FinishCycleAsync(1, CycleRunStatus.Failed, "late", null, T0.AddMinutes(4))).Should().BeFalse();
        (await _store.GetCycleAsync(1)).Should().BeEquivalentTo(new CycleRun
        {
            CycleNumber = 1, StartedAt = T0, FinishedAt = T0.AddMinutes(3), Status = CycleRunStatus.Completed, Report = "{\"cycleNumber\":1}", Owner = "host-1",
        });
        (await _store.GetLastCycleAsync())!.CycleNumber.Should().Be(2);
        (await _store.GetCycleCountAsync()).Should().Be(2);
    }

    [Fact]
    public async Task CountCyclesAsync_ByStatus_CountsOnlyThatStatus()
    {
        for (var i = 0; i < 5; i++)
        {
            await _store.StartCycleAsync(T0.AddMinutes(i));
        }

        await _store.FinishCycleAsync(1, CycleRunStatus.Completed, null, null, T0.AddMinutes(10));
        await _store.FinishCycleAsync(2, CycleRunStatus.Interrupted, "killed", null, T0.AddMinutes(10));
        await _store.FinishCycleAsync(4, CycleRunStatus.Completed, null, null, T0.AddMinutes(10));

        (await _store.CountCyclesAsync(CycleRunStatus.Completed)).Should().Be(2);
        (await _store.CountCyclesAsync(CycleRunStatus.Interrupted)).Should().Be(1);
        (await _store.CountCyclesAsync(CycleRunStatus.Running)).Should().Be(2);
        (await _store.CountCyclesAsync(CycleRunStatus.Failed)).Should().Be(0);
    }

    [Fact]
    public async Task TryAcquireLeaseAsync_HeldByOther_RefusedUntilExpiry()
    {
        var ttl = TimeSpan.FromMinutes(10);

        (await _store.TryAcquireLeaseAsync("cycle", "a", T0, ttl)).Should().BeTrue();
        (await _store.TryAcquireLeaseAsync("cycle", "b", T0.AddMinutes(5), ttl)).Should().BeFalse();
        (await _store.TryAcquireLeaseAsync("cycle", "a", T0.AddMinutes(5), ttl)).Should().BeTrue();
        (await _store.GetLeaseAsync("cycle")).Should().BeEquivalentTo(new LearningStoreLease { Name = "cycle", Owner = "a", AcquiredAt = T0, ExpiresAt = T0.AddMinutes(15) });
        (await _store.TryAcquireLeaseAsync("cycle", "b", T0.AddMinutes(14), ttl)).Should().BeFalse();
        (await _store.TryAcquireLeaseAsync("cycle", "b", T0.AddMinutes(15), ttl)).Should().BeTrue();
        (await _store.GetLeaseAsync("cycle"))!.Owner.Should().Be("b");
    }

    [Fact]
    public async Task RenewLeaseAsync_OwnLiveLease_ExtendsElseFails()
    {
        var ttl = TimeSpan.FromMinutes(10);
        await _store.TryAcquireLeaseAsync("cycle", "a", T0, ttl);

        (await _store.RenewLeaseAsync("cycle", "a", T0.AddMinutes(9), ttl)).Should().BeTrue();
        (await _store.GetLeaseAsync("cycle"))!.ExpiresAt.Should().Be(T0.AddMinutes(19));
        (await _store.RenewLeaseAsync("cycle", "b", T0.AddMinutes(9), ttl)).Should().BeFalse();
        (await _store.RenewLeaseAsync("cycle", "a", T0.AddMinutes(20), ttl)).Should().BeFalse();
    }

    [Fact]
    public async Task ReleaseLeaseAsync_OnlyByHolder()
    {
        await _store.TryAcquireLeaseAsync("cycle", "a", T0, TimeSpan.FromMinutes(10));

        (await _store.ReleaseLeaseAsync("cycle", "b")).Should().BeFalse();
        (await _store.ReleaseLeaseAsync("cycle", "a")).Should().BeTrue();
        (await _store.GetLeaseAsync("cycle")).Should().BeNull();
        (await _store.TryAcquireLeaseAsync("cycle", "b", T0.AddMinutes(1), TimeSpan.FromMinutes(10))).Should().BeTrue();
    }

    [Fact]
    public async Task StoreVerificationAsync_StoresResultAndSetsVerdict()
    {
        await _store.StoreImprovementAsync(Improvement(id: "x", status: ImprovementStatus.Applied));
        var baseline = new VerificationBaseline { ImprovementId = "x", Metric = TargetMetric.TimeoutRate, SampleSize = 120, Data = "{\"successes\":90,\"n\":120}", CapturedAt = T0 };
        var result = new VerificationResult
        {
            ImprovementId = "x", Metric = TargetMetric.TimeoutRate, Verdict = VerificationVerdict.Regressed, PValue = 0.003, Effect = 0.12,
            BaselineSize = 120, AfterSize = 80, Details = "{}", At = T0.AddDays(2),
        };

        await _store.StoreBaselineAsync(baseline);
        await _store.StoreVerificationAsync(result);

        (await _store.GetBaselineAsync("x", TargetMetric.TimeoutRate)).Should().BeEquivalentTo(baseline);
        (await _store.GetBaselineAsync("x", TargetMetric.ErrorRate)).Should().BeNull();
        (await _store.GetVerificationsAsync("x")).Should().ContainSingle().Which.Should().BeEquivalentTo(result);
        (await _store.GetImprovementAsync("x"))!.Verdict.Should().Be(VerificationVerdict.Regressed);
    }

    [Fact]
    public async Task SetStateAsync_SetReplaceRemove()
    {
        (await _store.GetStateAsync("consecutive_rollbacks")).Should().BeNull();
        await _store.SetStateAsync("consecutive_rollbacks", "1", T0);
        await _store.SetStateAsync("consecutive_rollbacks", "2", T0);
        (await _store.GetStateAsync("consecutive_rollbacks")).Should().Be("2");
        await _store.SetStateAsync("consecutive_rollbacks", null, T0);
        (await _store.GetStateAsync("consecutive_rollbacks")).Should().BeNull();
    }

    [Fact]
    public async Task PurgeAsync_OldData_RemovedButAppliedImprovementHistoryKept()
    {
        var old = T0.AddDays(-100);
        await _store.StorePatternsAsync([Pattern(key: "old", lastSeen: old), Pattern(key: "new", lastSeen: T0)], 1, old);
        await _store.StoreImprovementsAsync(
        [
            Improvement(id: "applied-old", status: ImprovementStatus.Applied, createdAt: old, appliedAt: old),
            Improvement(id: "failed-old", status: ImprovementStatus.Failed, createdAt: old),
            Improvement(id: "failed-new", status: ImprovementStatus.Failed, createdAt: T0),
        ]);
        await _store.RecordPathChangesAsync(
        [
            new PathChange { Path = "p", OldValue = 1L, NewValue = 2L, ImprovementId = "applied-old", At = old },
            new PathChange { Path = "q", OldValue = 1L, NewValue = 2L, ImprovementId = "failed-old", At = old },
        ]);
        await _store.StoreBaselineAsync(new VerificationBaseline { ImprovementId = "applied-old", Metric = TargetMetric.ErrorRate, SampleSize = 1, Data = "{}", CapturedAt = old });
        await _store.StoreVerificationAsync(new VerificationResult { ImprovementId = "applied-old", Metric = TargetMetric.ErrorRate, Verdict = VerificationVerdict.Unchanged, At = old });
        await _store.StoreMetricsAsync([new SuccessMetric { Name = "m", Value = 1, Timestamp = old }, new SuccessMetric { Name = "m", Value = 2, Timestamp = T0 }]);
        await _store.StoreCorrelationAsync(new Correlation { Type = "t", Source = "s", Target = "x", Score = 1, CreatedAt = old });
        var cycle = await _store.StartCycleAsync(old);
        await _store.FinishCycleAsync(cycle.CycleNumber, CycleRunStatus.Completed, null, null, old);

        var result = await _store.PurgeAsync(T0.AddDays(-30));

        result.Should().BeEquivalentTo(new PurgeResult { Patterns = 1, PatternHistory = 2, Improvements = 1, PathChanges = 1, Metrics = 1, Correlations = 1, CycleRuns = 1, Verifications = 0 });
        (await _store.GetImprovementAsync("applied-old")).Should().NotBeNull();
        (await _store.GetImprovementAsync("failed-old")).Should().BeNull();
        (await _store.GetImprovementAsync("failed-new")).Should().NotBeNull();
        (await _store.GetPathChangesAsync("p", DateTimeOffset.MinValue)).Should().ContainSingle();
        (await _store.GetBaselineAsync("applied-old", TargetMetric.ErrorRate)).Should().NotBeNull();
        (await _store.GetVerificationsAsync("applied-old")).Should().ContainSingle();
        (await _store.GetPatternsAsync()).Select(p => p.Key).Should().Equal("new");
        (await _store.GetCycleCountAsync()).Should().Be(1, "purging old runs never lowers the cycle count");
    }

    [Theory]
    [InlineData("'; DROP TABLE improvements_applied; --")]
    [InlineData("Robert'); DELETE FROM patterns_detected WHERE ('1'='1")]
    [InlineData("\" OR 1=1 --")]
    [InlineData("$id")]
    [InlineData("line\nbreak\u2028\u0000nul\ttab")]
    [InlineData("ünïcödé 🚀 \\ / % _")]
    public async Task Store_InjectionStrings_StoredAndReadBackByteExact(string text)
    {
        var pattern = new LogPattern
        {
            Type = PatternType.RecurringError, Subject = "error", Key = text, Description = text, Occurrences = 1, ImpactScore = 0.5,
            FirstSeen = T0, LastSeen = T0, Examples = [text], Metadata = new Dictionary<string, object> { [text] = text },
        };
        var record = Improvement(id: text) is var r
            ? new ImprovementRecord
            {
                Id = r.Id, RecommendationId = text, PatternFingerprint = text, PatternType = r.PatternType, Title = text, ActionType = r.ActionType,
                CreatedAt = T0, Reason = text, Subject = text, Key = text,
                Changes = [new ConfigChange { Path = text, OldValue = text, NewValue = text }],
            }
            : null!;

        await _store.StorePatternAsync(pattern, 1, T0);
        await _store.StoreImprovementAsync(record);
        await _store.StoreMetricAsync(new SuccessMetric { Name = text, Value = 1, Timestamp = T0, Subject = text, Tags = new Dictionary<string, string> { [text] = text } });
        await _store.StoreCorrelationAsync(new Correlation { Type = text, Source = text, Target = text, Score = 1, Details = text, CreatedAt = T0 });
        await _store.SetStateAsync(text, text, T0);

        var storedPattern = (await _store.GetPatternAsync(pattern.Fingerprint))!;
        storedPattern.Key.Should().Be(text);
        storedPattern.Description.Should().Be(text);
        storedPattern.Examples.Should().Equal(text);
        storedPattern.Metadata[text].Should().Be(text);
        (await _store.GetImprovementAsync(text)).Should().BeEquivalentTo(record, o => o.RespectingRuntimeTypes());
        (await _store.GetImprovementsByRecommendationAsync(text)).Should().ContainSingle();
        (await _store.GetMetricsAsync(text, text)).Should().ContainSingle().Which.Tags[text].Should().Be(text);
        (await _store.GetCorrelationsAsync(text)).Should().ContainSingle().Which.Details.Should().Be(text);
        (await _store.GetStateAsync(text)).Should().Be(text);
        (await _store.GetStatisticsAsync()).Should().BeEquivalentTo(new { TotalPatterns = 1L, TotalImprovements = 1L, TotalMetrics = 1L, TotalCorrelations = 1L });
    }
}
