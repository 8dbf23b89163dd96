using Alpha.Learning.Analysis;

namespace Alpha.Learning.Improvements;

/// <summary>
/// One improvement as the store keeps it: what it changes, why, and where it is in its life.
/// </summary>
public sealed class ImprovementRecord
{
    /// <summary>Gets the unique id of this improvement (a GUID in <c>"N"</c> format or a ULID); see <see cref="NewId"/>.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the id of the recommendation the improvement comes from.</summary>
    public required string RecommendationId { get; init; }

    /// <summary>Gets the fingerprint of the pattern the recommendation rests on.</summary>
    public required string PatternFingerprint { get; init; }

    /// <summary>Gets the type of the pattern the recommendation rests on.</summary>
    public required PatternType PatternType { get; init; }

    /// <summary>Gets a short title for people.</summary>
    public required string Title { get; init; }

    /// <summary>Gets the kind of change.</summary>
    public required ActionType ActionType { get; init; }

    /// <summary>Gets how risky applying it is. The default value is <see cref="RiskLevel.Safe"/>.</summary>
    public RiskLevel Risk { get; init; }

    /// <summary>Gets how urgent it is. The default value is <see cref="Analysis.Priority.Medium"/>.</summary>
    public Priority Priority { get; init; } = Priority.Medium;

    /// <summary>Gets the confidence of the recommendation, from 0 to 1.</summary>
    public double Confidence { get; init; }

    /// <summary>Gets the metric the change is meant to move. The default value is <see cref="Analysis.TargetMetric.None"/>.</summary>
    public TargetMetric TargetMetric { get; init; }

    /// <summary>Gets the subject (<c>task</c>, <c>tool</c>, <c>model</c>, <c>error</c>) of the pattern. The default value is empty.</summary>
    public string Subject { get; init; } = string.Empty;

    /// <summary>Gets the key (plain name) of the pattern. The default value is empty.</summary>
    public string Key { get; init; } = string.Empty;

    /// <summary>Gets the configuration changes, stored as JSON. The default value is empty.</summary>
    public IReadOnlyList<ConfigChange> Changes { get; init; } = [];

    /// <summary>Gets the status. The default value is <see cref="ImprovementStatus.Pending"/>.</summary>
    public ImprovementStatus Status { get; init; }

    /// <summary>Gets when the improvement was recorded.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when it was applied, or <see langword="null"/>.</summary>
    public DateTimeOffset? AppliedAt { get; init; }

    /// <summary>Gets when it was rolled back, or <see langword="null"/>.</summary>
    public DateTimeOffset? RolledBackAt { get; init; }

    /// <summary>Gets when its status last changed, or <see langword="null"/> when it never changed since it was recorded.</summary>
    public DateTimeOffset? StatusChangedAt { get; init; }

    /// <summary>Gets the configuration file it changes, or <see langword="null"/>.</summary>
    public string? ConfigFile { get; init; }

    /// <summary>Gets the hash of the configuration before the change, or <see langword="null"/>.</summary>
    public string? VersionBefore { get; init; }

    /// <summary>Gets the hash of the configuration after the change, or <see langword="null"/>.</summary>
    public string? VersionAfter { get; init; }

    /// <summary>Gets the backup file taken before the change, or <see langword="null"/>.</summary>
    public string? BackupFile { get; init; }

    /// <summary>Gets why it failed, was refused or was skipped, or <see langword="null"/>.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets the latest verification verdict. The default value is <see cref="VerificationVerdict.None"/>.</summary>
    public VerificationVerdict Verdict { get; init; }

    /// <summary>Gets the number of the cycle that produced it, or <see langword="null"/> (manual).</summary>
    public long? CycleNumber { get; init; }

    /// <summary>Creates a new improvement id: a time-ordered GUID (version 7) in <c>"N"</c> format, unique across processes.</summary>
    /// <param name="timeProvider">The clock for the time part, or <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <returns>A 32-character lowercase hexadecimal id.</returns>
    public static string NewId(TimeProvider? timeProvider = null) =>
        Guid.CreateVersion7((timeProvider ?? TimeProvider.System).GetUtcNow()).ToString("N");
}
