using System.Diagnostics;
using System.Globalization;

using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;
using Alpha.Learning.Loop;
using Alpha.Learning.Storage;

using static Alpha.Learning.Tests.Storage.StoreSamples;

namespace Alpha.Learning.Tests.Storage;

public sealed class SqliteLearningStoreConcurrencyTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task TryReserveImprovementAsync_ManyThreadsTwoStores_QuotaExact()
    {
        var path = _folder.File("threads.db");
        using var a = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = path });
        using var b = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = path });
        var window = (Start: T0, End: T0.AddDays(1));

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(async () =>
        {
            var store = t % 2 == 0 ? a : b;
            var reserved = 0;
            for (var i = 0; i < 10; i++)
            {
                if (await store.TryReserveImprovementAsync(Improvement(status: ImprovementStatus.Applying, createdAt: T0.AddMinutes(i)), window.Start, window.End, 30) == ReservationOutcome.Reserved)
                {
                    reserved++;
                }
            }

            return reserved;
        })));

        results.Sum().Should().Be(30);
        (await a.CountAppliedInWindowAsync(window.Start, window.End)).Should().Be(30);
    }

    [Fact]
    public async Task FileStore_ReadersDuringBatchWrites_NeverFailOrSeeHalfABatch()
    {
        var path = _folder.File("readers.db");
        using var writer = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = path });
        using var reader = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = path });
        var batch = Enumerable.Range(0, 2_000).Select(i => new SuccessMetric { Name = "m", Value = i, Timestamp = T0 }).ToArray();
        await writer.GetStatisticsAsync();

        var writing = Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await writer.StoreMetricsAsync(batch);
            }
        });
        var seen = new List<long>();
        while (!writing.IsCompleted)
        {
            seen.Add((await reader.GetStatisticsAsync()).TotalMetrics);
        }

        await writing;
        seen.Should().AllSatisfy(total => (total % 2_000).Should().Be(0, "a batch is one transaction"));
        (await reader.GetStatisticsAsync()).TotalMetrics.Should().Be(20_000);
    }

    [Fact]
    public async Task UpdateImprovementStatusAsync_ConcurrentApprovals_OnlyOneWins()
    {
        var path = _folder.File("approve.db");
        using var a = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = path });
        using var b = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = path });
        await a.StoreImprovementAsync(Improvement(id: "x", status: ImprovementStatus.PendingApproval));

        var wins = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() =>
            (i % 2 == 0 ? a : b).UpdateImprovementStatusAsync("x", ImprovementStatus.Applying, ImprovementStatus.PendingApproval, "approved by " + i, T0))));

        wins.Count(w => w).Should().Be(1);
    }

    [Fact]
    public async Task TwoProcesses_HammeringOneStore_LoseNothingDuplicateNothingAndKeepQuotaExact()
    {
        var path = _folder.File("hammer.db");
        const int Iterations = 150;
        const int Quota = 40;

        // Create and migrate first, so the children race on the work rather than on the creation.
        using (var store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = path }))
        {
            await store.GetStatisticsAsync();
        }

        var outputs = await Task.WhenAll(RunHammer(path, "w1", Iterations, Quota), RunHammer(path, "w2", Iterations, Quota));

        var parsed = outputs.Select(Parse).ToList();
        using var check = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = path });
        var stats = await check.GetStatisticsAsync();
        stats.MetricsByName["hammer"].Should().Be(2 * Iterations * 10, "no batch of metrics is lost");
        (await check.GetMetricsAsync("hammer", "w1", limit: 100_000)).Select(m => m.Value).Should().OnlyHaveUniqueItems().And.HaveCount(Iterations * 10);
        stats.PatternsByType[PatternType.SlowOperation].Should().Be(20, "the same fingerprint is one row");
        parsed.Sum(p => p.Reserved).Should().Be(Quota);
        stats.TotalImprovements.Should().Be(Quota);
        (await check.CountAppliedInWindowAsync(new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero))).Should().Be(Quota);
        var cycles = parsed.SelectMany(p => p.Cycles).ToList();
        cycles.Should().OnlyHaveUniqueItems().And.HaveCount(2 * Iterations);
        (await check.GetCycleCountAsync()).Should().Be(2 * Iterations);
        var counter = long.Parse((await check.GetStateAsync("counter"))!, CultureInfo.InvariantCulture);
        counter.Should().Be(parsed.Sum(p => p.Increments), "the lease makes the read-modify-write exclusive");
    }

    [Fact]
    public async Task TwoProcesses_CreatingOneNewStoreAtOnce_BothSucceedAndMigrateOnce()
    {
        var path = _folder.File(Path.Combine("fresh", "store.db"));

        var outputs = await Task.WhenAll(RunHammer(path, "w1", 20, 10), RunHammer(path, "w2", 20, 10));

        outputs.Select(Parse).Sum(p => p.Reserved).Should().Be(10);
        using var check = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = path });
        (await check.GetStatisticsAsync()).MetricsByName["hammer"].Should().Be(2 * 20 * 10);
    }

    [Fact]
    public async Task ChildKilledMidWrite_StoreStaysConsistent()
    {
        var path = _folder.File("killed.db");
        using (var store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = path }))
        {
            await store.GetStatisticsAsync();
        }

        using var process = Process.Start(HammerStart(path, "k", 100_000, 1_000_000, "progress"))!;
        try
        {
            // Kill it in the middle of its work, after a few dozen complete iterations.
            for (var ticks = 0; ticks < 30;)
            {
                var line = await process.StandardOutput.ReadLineAsync();
                line.Should().NotBeNull("the hammer stopped early: {0}", process.HasExited ? await process.StandardError.ReadToEndAsync() : string.Empty);
                if (line!.StartsWith("tick", StringComparison.Ordinal))
                {
                    ticks++;
                }
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        // Opening runs quick_check: the killed writer left no damage, and every step is all or nothing.
        using var check = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = path });
        var stats = await check.GetStatisticsAsync();
        var batches = stats.MetricsByName["hammer"] / 10;
        stats.MetricsByName["hammer"].Should().Match(n => n % 10 == 0, "a batch of 10 metrics is all or nothing");
        batches.Should().BeGreaterThanOrEqualTo(30);
        stats.TotalPatterns.Should().BeLessThanOrEqualTo(20);

        // Each iteration writes a metric batch, then an improvement, then a cycle: a kill can only cut between them.
        stats.TotalImprovements.Should().BeInRange(batches - 1, batches);
        stats.CycleCount.Should().BeInRange(stats.TotalImprovements - 1, stats.TotalImprovements);
    }

    private static (int Reserved, int Increments, long[] Cycles) Parse(string output)
    {
        var fields = output.Trim().Split(' ').Select(f => f.Split('=', 2)).ToDictionary(f => f[0], f => f[1]);
        return (
            int.Parse(fields["reserved"], CultureInfo.InvariantCulture),
            int.Parse(fields["increments"], CultureInfo.InvariantCulture),
            fields["cycles"].Split(',').Select(c => long.Parse(c, CultureInfo.InvariantCulture)).ToArray());
    }

    private static ProcessStartInfo HammerStart(string path, string worker, int iterations, int quota, string? mode = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { ChildProcesses.FindOrBuild("Alpha.Learning.StoreHammer"), path, worker, iterations.ToString(CultureInfo.InvariantCulture), quota.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        if (mode is not null)
        {
            start.ArgumentList.Add(mode);
        }

        return start;
    }

    private static async Task<string> RunHammer(string path, string worker, int iterations, int quota)
    {
        using var process = Process.Start(HammerStart(path, worker, iterations, quota))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        process.ExitCode.Should().Be(0, "the hammer failed: {0}", await stderr);
        return await stdout;
    }
}
