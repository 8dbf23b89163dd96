namespace Alpha.Learning.Fleet;

/// <summary>
/// Fleet mode: several instances of one agent service share one learning store and one configuration. Each writes
/// the mergeable evidence of its own logs every cycle; the one holding the cycle lease merges the evidence of the
/// instances still reporting, recommends, applies and verifies on it.
/// </summary>
public sealed class FleetOptions
{
    /// <summary>
    /// Gets or sets this instance's name in the fleet (letters, digits, <c>.</c>, <c>_</c>, <c>-</c>; at most 64), or
    /// <see langword="null"/> to learn alone. Two live instances must not share a name. The default value is <see langword="null"/>.
    /// </summary>
    public string? Instance { get; set; }

    /// <summary>
    /// Gets or sets how long after its last report an instance still counts: an instance that stops reporting drops out
    /// of the merge after this time. Must be positive and not shorter than the loop's interval. The default value is 1 hour.
    /// </summary>
    /// <remarks>
    /// An instance re-reads its log folder for its own evidence when a file in it changed (path, size or write time),
    /// when the applied changes it measures changed, and otherwise every quarter of this time, so that it keeps
    /// reporting (and stays in the merge) while its logs are quiet.
    /// </remarks>
    public TimeSpan InstanceTimeout { get; set; } = TimeSpan.FromHours(1);
}
