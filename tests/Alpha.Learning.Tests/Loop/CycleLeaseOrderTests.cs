using System.Reflection;

using Alpha.Learning.Improvements;
using Alpha.Learning.Logs;
using Alpha.Learning.Loop;
using Alpha.Learning.Storage;

using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Alpha.Learning.Tests.Loop;

/// <summary>
/// Regression tests for a bug the two-process cycle test found: a cycle read its start time and its mode before it
/// held the cycle lease, so a cycle that waited for the lease recorded a start before the previous cycle's finish
/// (the cycles looked overlapped) and ran in the mode read before another process dropped the loop to Manual.
/// </summary>
public sealed class CycleLeaseOrderTests
{
    [Fact]
    public async Task RunCycleAsync_AnotherProcessDropsToManualWhileTheLeaseIsAcquired_RunsInManualAndStartsAfterTheLease()
    {
        using var folder = new TempFolder();
        var time = new FakeTimeProvider(LoopFixture.T0);
        var logs = new ListLogSource();
        logs.Add(LoopFixture.SearchRuns(LoopFixture.T0.AddDays(-2), 60, i => 6 + ((i % 5) * 0.5), TimeSpan.FromMinutes(20)));
        var config = folder.Write("agent.yaml", LoopFixture.InitialConfig);
        var inner = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = folder.File("learning.db") });
        var leaseAt = LoopFixture.T0.AddMinutes(1);

        // The "other process": just as this one takes the lease, the previous cycle (elsewhere) has finished a minute
        // later and dropped the loop to Manual.
        var store = LeaseHook.Create(inner, async () =>
        {
            time.SetUtcNow(leaseAt);
            await inner.SetStateAsync("loop.mode_override", "manual", leaseAt);
        });
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<ILogSource>(logs);
        services.AddSingleton(store);
        services.AddAlphaLearning(o =>
        {
            o.Store.DatabasePath = folder.File("learning.db");
            o.Config.Path = config;
            o.Loop.Mode = FeedbackLoopMode.FullAuto;
        });

        var provider = services.BuildServiceProvider();
        try
        {
            var report = await provider.GetRequiredService<FeedbackLoop>().RunCycleAsync();

            report.Status.Should().Be(CycleStatus.Completed, report.Reason);
            report.Mode.Should().Be(FeedbackLoopMode.Manual, "the mode is read once the cycle holds the lease");
            report.Count("applied").Should().Be(0);
            File.ReadAllText(config).Should().Be(LoopFixture.InitialConfig, "nothing may be written in Manual mode");
            report.StartedAt.Should().Be(leaseAt, "a cycle starts when it holds the lease");
            (await inner.GetCycleAsync(report.CycleNumber))!.StartedAt.Should().Be(leaseAt);
        }
        finally
        {
            await provider.DisposeAsync();
            inner.Dispose();
            SqliteConnection.ClearAllPools();
        }
    }

    [Fact]
    public async Task RunCycleAsync_LeaseExpiresMidCycleAndAnotherProcessRunsOne_StopsBeforeChangingAnythingAndCyclesDoNotOverlap()
    {
        using var folder = new TempFolder();
        var time = new FakeTimeProvider(LoopFixture.T0);
        var logs = new ListLogSource();
        logs.Add(LoopFixture.SearchRuns(LoopFixture.T0.AddDays(-2), 60, i => 6 + ((i % 5) * 0.5), TimeSpan.FromMinutes(20)));
        var config = folder.Write("agent.yaml", LoopFixture.InitialConfig);
        var db = folder.File("learning.db");
        ServiceProvider? other = null;
        CycleReport? otherReport = null;

        // While this process analyses, it stalls past its lease (a long pause); the other process takes the expired
        // lease and runs a whole cycle, which applies the change.
        var stalling = new HookedLogSource(logs, async () =>
        {
            time.Advance(TimeSpan.FromMinutes(31));
            otherReport = await other!.GetRequiredService<FeedbackLoop>().RunCycleAsync();
            time.Advance(TimeSpan.FromMinutes(1));
        });
        await using var first = Build(time, stalling, db, config);
        other = Build(time, logs, db, config);
        try
        {
            var report = await first.GetRequiredService<FeedbackLoop>().RunCycleAsync();

            otherReport!.Status.Should().Be(CycleStatus.Completed, otherReport.Reason);
            otherReport.Count("applied").Should().Be(1);
            report.Status.Should().Be(CycleStatus.Failed, "a cycle that lost its lease must stop");
            report.Reason.Should().Contain("lease");
            report.Count("applied").Should().Be(0);
            var store = first.GetRequiredService<ILearningStore>();
            (await store.GetImprovementsAsync(ImprovementStatus.Applied)).Should().ContainSingle();
            var runs = new List<CycleRun>();
            for (var n = 1; n <= await store.GetCycleCountAsync(); n++)
            {
                runs.Add((await store.GetCycleAsync(n))!);
            }

            var completed = runs.Where(r => r.Status == CycleRunStatus.Completed).OrderBy(r => r.StartedAt).ToList();
            completed.Should().ContainSingle("only the other process's cycle completed");
        }
        finally
        {
            await other.DisposeAsync();
            SqliteConnection.ClearAllPools();
        }
    }

    private static ServiceProvider Build(TimeProvider time, ILogSource logs, string db, string config)
    {
        var services = new ServiceCollection();
        services.AddSingleton(time);
        services.AddSingleton(logs);
        services.AddAlphaLearning(o =>
        {
            o.Store.DatabasePath = db;
            o.Config.Path = config;
            o.Loop.Mode = FeedbackLoopMode.FullAuto;
        });
        return services.BuildServiceProvider();
    }

    /// <summary>A log source that runs a hook once, before its first read.</summary>
    private sealed class HookedLogSource(ILogSource inner, Func<Task> hook) : ILogSource
    {
        private int _reads;

        public async IAsyncEnumerable<ExecutionEvent> ReadAsync(LogQuery query, LogReadStatistics? statistics = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _reads) == 1)
            {
                await hook();
            }

            await foreach (var e in inner.ReadAsync(query, statistics, cancellationToken))
            {
                yield return e;
            }
        }
    }

    /// <summary>A learning store that runs a hook just before each successful cycle-lease acquisition.</summary>
#pragma warning disable CA1852 // DispatchProxy needs an unsealed type.
    internal class LeaseHook : DispatchProxy
#pragma warning restore CA1852
    {
        private ILearningStore _inner = null!;
        private Func<Task> _hook = null!;

        public static ILearningStore Create(ILearningStore inner, Func<Task> hook)
        {
            var proxy = Create<ILearningStore, LeaseHook>();
            var hooked = (LeaseHook)(object)proxy;
            hooked._inner = inner;
            hooked._hook = hook;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            if (targetMethod.Name == nameof(ILearningStore.TryAcquireLeaseAsync))
            {
                return AcquireAsync(args!);
            }

            try
            {
                return targetMethod.Invoke(_inner, args);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
                throw;
            }
        }

        private async Task<bool> AcquireAsync(object?[] args)
        {
            await _hook();
            return await _inner.TryAcquireLeaseAsync((string)args[0]!, (string)args[1]!, (DateTimeOffset)args[2]!, (TimeSpan)args[3]!, (CancellationToken)args[4]!);
        }
    }
}
