namespace Alpha.Learning.Storage;

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
}
