namespace Alpha.Learning.Loop;

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
