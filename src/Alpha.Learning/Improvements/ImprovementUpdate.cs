namespace Alpha.Learning.Improvements;

/// <summary>
/// A compare-and-set change of an improvement's status, with the facts known at that moment.
/// </summary>
public sealed class ImprovementUpdate
{
    /// <summary>Gets the id of the improvement.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the new status.</summary>
    public required ImprovementStatus NewStatus { get; init; }

    /// <summary>
    /// Gets the status the improvement must have for the update to happen, or <see langword="null"/> to update
    /// whatever the current status. The default value is <see langword="null"/>.
    /// </summary>
    public ImprovementStatus? ExpectedStatus { get; init; }

    /// <summary>Gets the instant of the change.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>Gets why, or <see langword="null"/> to keep the stored reason. The default value is <see langword="null"/>.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets the configuration file, or <see langword="null"/> to keep the stored one. The default value is <see langword="null"/>.</summary>
    public string? ConfigFile { get; init; }

    /// <summary>Gets the hash before the change, or <see langword="null"/> to keep the stored one. The default value is <see langword="null"/>.</summary>
    public string? VersionBefore { get; init; }

    /// <summary>Gets the hash after the change, or <see langword="null"/> to keep the stored one. The default value is <see langword="null"/>.</summary>
    public string? VersionAfter { get; init; }

    /// <summary>Gets the backup file, or <see langword="null"/> to keep the stored one. The default value is <see langword="null"/>.</summary>
    public string? BackupFile { get; init; }

    /// <summary>
    /// Gets the configuration changes to record in the per-path history in the same transaction, only when
    /// the update happens (for example the changes written when the status becomes <see cref="ImprovementStatus.Applied"/>).
    /// The default value is empty.
    /// </summary>
    public IReadOnlyList<PathChange> PathChanges { get; init; } = [];
}
