namespace Alpha.Learning;

/// <summary>
/// Small named values a stage keeps between runs (the loop's mode and counters, the executor's rollback intents).
/// Part of <c>ILearningStore</c>.
/// </summary>
/// <remarks>
/// Implementations are safe to share between threads and, for a file-backed store, between processes. A store that
/// cannot be used throws <see cref="LearningStoreException"/>.
/// </remarks>
public interface IStateStore
{
    /// <summary>Gets a loop-state value (for example consecutive automatic rollbacks, or a mode override).</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The value, or <see langword="null"/> when not set.</returns>
    Task<string?> GetStateAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Sets (or, with <see langword="null"/>, removes) a loop-state value.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value, or <see langword="null"/> to remove it.</param>
    /// <param name="at">When it is set.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>A task that completes when it is set.</returns>
    Task SetStateAsync(string key, string? value, DateTimeOffset at, CancellationToken cancellationToken = default);
}
