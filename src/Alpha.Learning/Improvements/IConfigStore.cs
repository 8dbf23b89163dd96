using Alpha.Learning.Analysis;

namespace Alpha.Learning.Improvements;

/// <summary>
/// The host's configuration, read and changed by dotted path with compare-and-swap on a version.
/// <see cref="YamlConfigStore"/> is the default; a host may supply its own.
/// </summary>
/// <remarks>
/// The protocol is: <see cref="PlanAsync"/> (pure: nothing is written) renders and checks the new content
/// against the version it read; <see cref="ApplyAsync"/> writes it only when the stored content still has that
/// version, atomically. A crash at any point leaves either the old or the new content.
/// </remarks>
public interface IConfigStore
{
    /// <summary>Reads the current configuration.</summary>
    /// <param name="cancellationToken">The token that cancels the read.</param>
    /// <returns>The content, its version and its values.</returns>
    /// <exception cref="ConfigStoreException">The configuration is unreadable, too large, hostile or does not parse.</exception>
    ValueTask<ConfigSnapshot> ReadAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Plans changes without writing anything: reads the current content, checks that every change finds the
    /// <see cref="ConfigChange.OldValue"/> it expects (<see langword="null"/> = absent), renders the new content,
    /// parses it again and checks that exactly the planned paths differ.
    /// </summary>
    /// <param name="changes">The changes, at most one per path; not empty.</param>
    /// <param name="cancellationToken">The token that cancels the planning.</param>
    /// <returns>The plan: the base version, the new content and the effective changes (the diff).</returns>
    /// <exception cref="ArgumentException"><paramref name="changes"/> is empty, too long, or names a path twice or badly.</exception>
    /// <exception cref="ConfigStoreException">The configuration is hostile or unparseable, a value differs from the one expected, or the change cannot be made safely.</exception>
    ValueTask<ConfigEditPlan> PlanAsync(IReadOnlyList<ConfigChange> changes, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a plan when the stored content still has the plan's <see cref="ConfigEditPlan.BaseVersion"/>
    /// (compare-and-swap); otherwise writes nothing and reports a <see cref="ConfigWriteStatus.Conflict"/>.
    /// </summary>
    /// <param name="plan">A plan made by <see cref="PlanAsync"/> of this store.</param>
    /// <param name="cancellationToken">The token that cancels the write before it starts.</param>
    /// <returns>Whether the plan was written, and the version the configuration has now.</returns>
    ValueTask<ConfigWriteResult> ApplyAsync(ConfigEditPlan plan, CancellationToken cancellationToken = default);

    /// <summary>Cleans up after a crash: removes the temporary files an interrupted write left behind.</summary>
    /// <param name="cancellationToken">The token that cancels the recovery.</param>
    /// <returns>The number of files removed.</returns>
    ValueTask<int> RecoverAsync(CancellationToken cancellationToken = default);
}
