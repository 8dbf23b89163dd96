namespace Alpha.Learning.Loop;

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
