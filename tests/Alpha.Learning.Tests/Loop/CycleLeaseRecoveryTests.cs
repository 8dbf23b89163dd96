using System.Diagnostics;

using Alpha.Learning.Loop;
using Alpha.Learning.Loop.Internal;
using Alpha.Learning.Storage;
using Alpha.Learning.Tests.Storage;

using Microsoft.Extensions.Time.Testing;

using static Alpha.Learning.Tests.Storage.StoreSamples;

namespace Alpha.Learning.Tests.Loop;

/// <summary>Dead-lease recovery, for both stores: a dead local holder frees the lease at once, a remote one only on expiry.</summary>
public abstract class CycleLeaseRecoveryTests(ILearningStore store) : IDisposable
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(30);
    private readonly ILearningStore _store = store;
    private readonly FakeTimeProvider _time = new(T0);

    public void Dispose()
    {
        PostgresTestStore.Dispose(_store);
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task TryAcquireAsync_HolderIsDeadLocalProcess_TakesOverAtOnceAndMarksItsCycleInterrupted()
    {
        var dead = $"{LeaseOwner.HostName}/{await DeadProcessIdAsync()}/killed";
        (await _store.TryAcquireLeaseAsync(LoopStateKeys.Lease, dead, T0, Ttl)).Should().BeTrue();
        var orphan = await _store.StartCycleAsync(T0, dead);
        var lease = new CycleLease(_store, LeaseOwner.Create(), _time, Ttl);

        var acquired = await lease.TryAcquireAsync(T0.AddMinutes(1), CancellationToken.None);

        acquired.Should().BeTrue("the holder's process has ended, so its lease is not waited for");
        (await _store.GetLeaseAsync(LoopStateKeys.Lease))!.Owner.Should().Be(lease.Owner);
        var cycle = (await _store.GetCycleAsync(orphan.CycleNumber))!;
        cycle.Status.Should().Be(CycleRunStatus.Interrupted);
        cycle.Reason.Should().Contain(dead);
        (await _store.GetRunningCyclesAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task TryAcquireAsync_HolderOnAnotherHost_WaitsForExpiry()
    {
        const string Remote = "another-host.example/4242/loop";
        (await _store.TryAcquireLeaseAsync(LoopStateKeys.Lease, Remote, T0, Ttl)).Should().BeTrue();
        var running = await _store.StartCycleAsync(T0, Remote);
        var lease = new CycleLease(_store, LeaseOwner.Create(), _time, Ttl);

        (await lease.TryAcquireAsync(T0.AddMinutes(29), CancellationToken.None)).Should().BeFalse();
        (await _store.GetCycleAsync(running.CycleNumber))!.Status.Should().Be(CycleRunStatus.Running);
        LoopHeartbeat.IsInterrupted(running, await _store.GetLeaseAsync(LoopStateKeys.Lease), T0.AddMinutes(29)).Should().BeFalse();
        LoopHeartbeat.IsInterrupted(running, await _store.GetLeaseAsync(LoopStateKeys.Lease), T0.AddMinutes(31)).Should().BeTrue();

        (await lease.TryAcquireAsync(T0.AddMinutes(31), CancellationToken.None)).Should().BeTrue();
        (await _store.GetCycleAsync(running.CycleNumber))!.Status.Should().Be(CycleRunStatus.Interrupted);
    }

    [Fact]
    public async Task TryAcquireAsync_HolderIsThisLiveProcess_IsNotTakenOver()
    {
        var other = new CycleLease(_store, LeaseOwner.Create(), _time, Ttl);
        var mine = new CycleLease(_store, LeaseOwner.Create(), _time, Ttl);
        (await other.TryAcquireAsync(T0, CancellationToken.None)).Should().BeTrue();

        (await mine.TryAcquireAsync(T0.AddMinutes(1), CancellationToken.None)).Should().BeFalse();
    }

    [Fact]
    public async Task TakeOverLeaseAsync_HolderChangedMeanwhile_Refused()
    {
        (await _store.TryAcquireLeaseAsync("l", "a/1/x", T0, Ttl)).Should().BeTrue();

        (await _store.TakeOverLeaseAsync("l", "b/2/y", "c/3/z", T0, Ttl)).Should().BeFalse();
        (await _store.TakeOverLeaseAsync("l", "a/1/x", "c/3/z", T0, Ttl)).Should().BeTrue();
        var lease = (await _store.GetLeaseAsync("l"))!;
        lease.Owner.Should().Be("c/3/z");
        lease.Host.Should().Be("c");
        lease.ProcessId.Should().Be(3);
    }

    [Fact]
    public async Task LoopHeartbeat_WrittenByThisProcess_ReadsBackAsRunning()
    {
        var owner = LeaseOwner.Create();
        await LoopHeartbeat.WriteAsync(_store, owner, T0, T0.AddHours(1), CancellationToken.None);

        var heartbeat = (await LoopHeartbeat.ReadAsync(_store))!;

        heartbeat.Owner.Should().Be(owner);
        heartbeat.NextRunAt.Should().Be(T0.AddHours(1));
        heartbeat.ProcessId.Should().Be(Environment.ProcessId);
        heartbeat.IsRunning(T0.AddDays(3), TimeSpan.FromMinutes(30)).Should().BeTrue("its process lives, however late");
        new LoopHeartbeat { Owner = "far-host/7/x", At = T0, NextRunAt = T0.AddHours(1) }.IsRunning(T0.AddHours(2), TimeSpan.FromMinutes(30)).Should().BeFalse();
    }

    private static async Task<int> DeadProcessIdAsync()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        var pid = process.Id;
        await process.WaitForExitAsync();
        return pid;
    }
}
