using Alpha.Learning.Improvements;
using Alpha.Learning.Loop;
using Alpha.Learning.Storage;

using static Alpha.Learning.Tests.Storage.StoreSamples;

namespace Alpha.Learning.Tests.Storage;

public sealed class SqliteLearningStoreInMemoryTests
{
    [Fact]
    public async Task CreateInMemory_TwoStores_AreIndependent()
    {
        using var a = SqliteLearningStore.CreateInMemory();
        using var b = SqliteLearningStore.CreateInMemory();

        await a.SetStateAsync("k", "a", T0);

        (await b.GetStateAsync("k")).Should().BeNull();
        a.DatabasePath.Should().Be(":memory:");
    }

    [Fact]
    public async Task CreateInMemory_ManyThreads_QuotaExactAndNothingLost()
    {
        using var store = SqliteLearningStore.CreateInMemory();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(async () =>
        {
            var reserved = 0;
            for (var i = 0; i < 10; i++)
            {
                await store.StoreMetricsAsync([new SuccessMetric { Name = "m", Value = (t * 100) + i, Timestamp = T0 }]);
                if (await store.TryReserveImprovementAsync(Improvement(status: ImprovementStatus.Applying), T0, T0.AddDays(1), 25) == ReservationOutcome.Reserved)
                {
                    reserved++;
                }
            }

            return reserved;
        })));

        results.Sum().Should().Be(25);
        (await store.GetMetricsAsync("m")).Should().HaveCount(80);
    }

    [Fact]
    public async Task CreateInMemory_ReadersDuringBatchWrites_NeverFail()
    {
        using var store = SqliteLearningStore.CreateInMemory();
        var batch = Enumerable.Range(0, 2_000).Select(i => new SuccessMetric { Name = "m", Value = i, Timestamp = T0 }).ToArray();

        var writers = Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await store.StoreMetricsAsync(batch);
                await store.StorePatternsAsync([Pattern(key: "k" + i)], i, T0);
            }
        });
        var readers = Task.Run(async () =>
        {
            while (!writers.IsCompleted)
            {
                await store.GetMetricsAsync(limit: 10);
                await store.GetPatternsAsync();
                await store.GetStatisticsAsync();
            }
        });
        await Task.WhenAll(writers, readers);

        (await store.GetStatisticsAsync()).TotalMetrics.Should().Be(20_000);
    }

    [Fact]
    public async Task StoreMetricsAsync_CancelledMidBatch_StoresNothing()
    {
        using var store = SqliteLearningStore.CreateInMemory();
        using var cts = new CancellationTokenSource();
        IEnumerable<SuccessMetric> Metrics()
        {
            for (var i = 0; i < 10_000; i++)
            {
                if (i == 3_000)
                {
                    cts.Cancel();
                }

                yield return new SuccessMetric { Name = "m", Value = i, Timestamp = T0 };
            }
        }

        var act = () => store.StoreMetricsAsync(Metrics(), cts.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        (await store.GetMetricsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Constructor_WithOptions_UsesTheConfiguredPath()
    {
        using var folder = new TempFolder();
        var path = folder.File("options.db");
        using var store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = path });

        await store.SetStateAsync("k", "v", T0);

        store.DatabasePath.Should().Be(path);
        File.Exists(path).Should().BeTrue();
    }

    [Fact]
    public void Options_Defaults_AreDocumentedValues()
    {
        var options = new SqliteLearningStoreOptions();

        options.DatabasePath.Should().Be("alpha-learning.db");
        options.BusyTimeout.Should().Be(TimeSpan.FromSeconds(5));
        options.ReadOnly.Should().BeFalse();
        options.QuickCheckOnOpen.Should().BeTrue();
    }

    [Fact]
    public void NewId_ManyCalls_Unique32HexDigits()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => ImprovementRecord.NewId()).ToList();

        ids.Should().OnlyHaveUniqueItems().And.AllSatisfy(id => id.Should().MatchRegex("^[0-9a-f]{32}$"));
    }
}
