namespace Alpha.Learning.Storage;

/// <summary>
/// One run of the feedback loop.
/// </summary>
public sealed class CycleRun
{
    /// <summary>Gets the cycle number: 1 for the first cycle of the store, then one more each time.</summary>
    public required long CycleNumber { get; init; }

    /// <summary>Gets when it started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Gets when it finished, or <see langword="null"/> while it runs.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Gets the status.</summary>
    public required CycleRunStatus Status { get; init; }

    /// <summary>Gets why it failed or was skipped, or <see langword="null"/>.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets the cycle report as JSON text, or <see langword="null"/>.</summary>
    public string? Report { get; init; }

    /// <summary>Gets who ran it (for example a process or host name), or <see langword="null"/>.</summary>
    public string? Owner { get; init; }
}

/// <summary>
/// A named, exclusive, expiring lease (for example the one that keeps two cycles from running at once).
/// </summary>
public sealed class LearningStoreLease
{
    /// <summary>Gets the lease name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets who holds it.</summary>
    public required string Owner { get; init; }

    /// <summary>Gets when the holder acquired it.</summary>
    public required DateTimeOffset AcquiredAt { get; init; }

    /// <summary>Gets when it expires unless renewed.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>
    /// Gets the host name of the holder, or <see langword="null"/> when the owner was not written by Alpha.Learning's loop
    /// (which writes <c>host/process-id/instance</c>).
    /// </summary>
    public string? Host => Internal.LeaseOwner.TryParse(Owner, out var host, out _) ? host : null;

    /// <summary>Gets the process id of the holder on <see cref="Host"/>, or <see langword="null"/> (see <see cref="Host"/>).</summary>
    public int? ProcessId => Internal.LeaseOwner.TryParse(Owner, out _, out var pid) ? pid : null;
}
