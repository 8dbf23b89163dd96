using Alpha.Learning.Storage;

namespace Alpha.Learning.Loop.Internal;

/// <summary>
/// What the <see cref="FeedbackLoop"/> façade reports of past cycles: the count and last start from the store, the mode
/// in effect (Manual while the store holds the override set after repeated rollbacks), and this instance's counters.
/// </summary>
internal sealed class LoopModeState(ILearningStore store, FeedbackLoopMode configured)
{
    private readonly Lock _lock = new();
    private readonly FeedbackLoopMode _configured = configured;
    private long _cycleCount;
    private DateTimeOffset? _lastCycle;
    private FeedbackLoopMode _effectiveMode = configured;
    private long _cyclesRun;
    private long _cyclesFailed;

    /// <summary>Gets the mode in effect.</summary>
    public FeedbackLoopMode EffectiveMode
    {
        get
        {
            lock (_lock)
            {
                return _effectiveMode;
            }
        }
    }

    /// <summary>Gets the cycles this instance ran.</summary>
    public long CyclesRun => Interlocked.Read(ref _cyclesRun);

    /// <summary>Gets the cycles this instance ran that failed.</summary>
    public long CyclesFailed => Interlocked.Read(ref _cyclesFailed);

    /// <summary>Returns the store's cycle count, the last cycle's start and the mode in effect, read together.</summary>
    /// <returns>The three.</returns>
    public (long CycleCount, DateTimeOffset? LastCycle, FeedbackLoopMode Mode) Snapshot()
    {
        lock (_lock)
        {
            return (_cycleCount, _lastCycle, _effectiveMode);
        }
    }

    /// <summary>Reads the cycle count, the last cycle and the mode override from the store.</summary>
    /// <param name="cancellationToken">Stops the reads.</param>
    /// <returns>The mode in effect.</returns>
    public async Task<FeedbackLoopMode> RefreshAsync(CancellationToken cancellationToken)
    {
        var count = await store.GetCycleCountAsync(cancellationToken).ConfigureAwait(false);
        var last = await store.GetLastCycleAsync(cancellationToken).ConfigureAwait(false);
        var overridden = await store.GetStateAsync(LoopStateKeys.ModeOverride, cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            _cycleCount = count;
            _lastCycle = last?.StartedAt;
            _effectiveMode = overridden == "manual" ? FeedbackLoopMode.Manual : _configured;
            return _effectiveMode;
        }
    }

    /// <summary>Clears the Manual override and the count of consecutive rollbacks.</summary>
    /// <param name="now">The instant recorded.</param>
    /// <param name="cancellationToken">Stops the writes.</param>
    /// <returns>A task that completes when the mode is reset.</returns>
    public async Task ResetAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await store.SetStateAsync(LoopStateKeys.ModeOverride, null, now, cancellationToken).ConfigureAwait(false);
        await store.SetStateAsync(LoopStateKeys.ConsecutiveRollbacks, "0", now, cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            _effectiveMode = _configured;
        }
    }

    /// <summary>Counts a cycle that ran.</summary>
    /// <param name="report">Its report.</param>
    public void Count(CycleReport report)
    {
        Interlocked.Increment(ref _cyclesRun);
        if (report.Status == CycleStatus.Failed)
        {
            Interlocked.Increment(ref _cyclesFailed);
        }
    }
}
