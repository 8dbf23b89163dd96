using Alpha.Learning.Analysis;

namespace Alpha.Learning.Improvements;

/// <summary>
/// Planned changes of a configuration, not yet written: the version they were planned against, the new
/// content, and the effective changes with the old values as found.
/// </summary>
public sealed class ConfigEditPlan
{
    /// <summary>Gets the location of the configuration the plan is for (for <see cref="YamlConfigStore"/>, the full file path).</summary>
    public required string Location { get; init; }

    /// <summary>Gets the version the plan was made against; the write happens only if the configuration still has it.</summary>
    public required string BaseVersion { get; init; }

    /// <summary>Gets the version the configuration will have after the write: the lowercase hex SHA-256 of <see cref="NewContent"/>.</summary>
    public required string NewVersion { get; init; }

    /// <summary>Gets the bytes to write.</summary>
    public required ReadOnlyMemory<byte> NewContent { get; init; }

    /// <summary>
    /// Gets the effective changes (the diff), with <see cref="ConfigChange.OldValue"/> as found. Changes that would
    /// not change anything are left out, so this may be shorter than the planned list, or empty.
    /// </summary>
    public required IReadOnlyList<ConfigChange> Changes { get; init; }

    /// <summary>Gets whether the plan changes anything.</summary>
    public bool HasChanges => Changes.Count > 0;
}
