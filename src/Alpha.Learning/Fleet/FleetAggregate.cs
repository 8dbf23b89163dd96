namespace Alpha.Learning.Fleet;

/// <summary>
/// One instance's mergeable evidence for one period, as kept in the shared store: the error templates of its logs with
/// their counts and examples, and per task type, tool and model the outcome counts, a quantile sketch of durations and
/// the sums of cost and tokens. The store keeps the newest aggregate of each instance.
/// </summary>
public sealed class FleetAggregate
{
    /// <summary>Gets the instance that wrote it (<see cref="FleetOptions.Instance"/>).</summary>
    public required string Instance { get; init; }

    /// <summary>Gets the start of the period whose logs it sums up (inclusive).</summary>
    public required DateTimeOffset PeriodStart { get; init; }

    /// <summary>Gets the end of the period (exclusive).</summary>
    public required DateTimeOffset PeriodEnd { get; init; }

    /// <summary>Gets when the instance wrote it: an instance whose newest aggregate is older than <see cref="FleetOptions.InstanceTimeout"/> is left out of the merge.</summary>
    public required DateTimeOffset ReportedAt { get; init; }

    /// <summary>Gets how many events the instance read for it.</summary>
    public long Events { get; init; }

    /// <summary>Gets the evidence in Alpha.Learning's compact binary form (versioned; opaque to stores).</summary>
    public required ReadOnlyMemory<byte> Data { get; init; }
}
