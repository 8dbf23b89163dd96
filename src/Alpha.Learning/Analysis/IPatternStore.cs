namespace Alpha.Learning.Analysis;

/// <summary>
/// Where the patterns an analysis finds are kept between cycles: the stored pattern per fingerprint and its per-cycle
/// history. The analysis stage's part of <c>ILearningStore</c>.
/// </summary>
/// <remarks>
/// Implementations are safe to share between threads and, for a file-backed store, between processes. A store that
/// cannot be used throws <see cref="LearningStoreException"/>.
/// </remarks>
public interface IPatternStore
{
    /// <summary>Stores a detected pattern, or refreshes the stored one with the same fingerprint.</summary>
    /// <remarks>
    /// Occurrences, impact, description, last seen (never moved backwards), examples and metadata are refreshed; first seen
    /// is kept (or moved earlier). A history row keeps the occurrences of each cycle (one per cycle number; re-storing
    /// within a cycle replaces it).
    /// </remarks>
    /// <param name="pattern">The pattern.</param>
    /// <param name="cycleNumber">The cycle that found it, or <see langword="null"/> for an analysis outside a cycle.</param>
    /// <param name="at">When it is stored.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The stored pattern.</returns>
    Task<StoredPattern> StorePatternAsync(LogPattern pattern, long? cycleNumber, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Stores (or refreshes) many patterns in one transaction, as <see cref="StorePatternAsync"/> does for one.</summary>
    /// <param name="patterns">The patterns.</param>
    /// <param name="cycleNumber">The cycle that found them, or <see langword="null"/>.</param>
    /// <param name="at">When they are stored.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The number of patterns stored.</returns>
    Task<int> StorePatternsAsync(IEnumerable<LogPattern> patterns, long? cycleNumber, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Gets one pattern by fingerprint.</summary>
    /// <param name="fingerprint">The fingerprint.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The pattern, or <see langword="null"/>.</returns>
    Task<StoredPattern?> GetPatternAsync(string fingerprint, CancellationToken cancellationToken = default);

    /// <summary>Gets patterns, highest impact first.</summary>
    /// <param name="type">Only this type, or <see langword="null"/> for all.</param>
    /// <param name="minImpact">Only an impact score at least this, or <see langword="null"/>.</param>
    /// <param name="limit">At most this many (positive).</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The patterns.</returns>
    Task<IReadOnlyList<StoredPattern>> GetPatternsAsync(PatternType? type = null, double? minImpact = null, int limit = 100, CancellationToken cancellationToken = default);

    /// <summary>Gets the per-cycle history of a pattern, oldest first.</summary>
    /// <param name="fingerprint">The fingerprint.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The history.</returns>
    Task<IReadOnlyList<PatternOccurrence>> GetPatternHistoryAsync(string fingerprint, CancellationToken cancellationToken = default);
}
