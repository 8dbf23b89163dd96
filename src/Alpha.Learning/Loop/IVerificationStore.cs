using Alpha.Learning.Analysis;

namespace Alpha.Learning.Loop;

/// <summary>
/// Where the feedback loop keeps what it measures to judge improvements: metric values, correlations, the baseline of
/// each improvement's metric and the verification results. The loop's part of <c>ILearningStore</c>, with <see cref="ICycleStore"/>.
/// </summary>
/// <remarks>
/// Implementations are safe to share between threads and, for a file-backed store, between processes. A store that
/// cannot be used throws <see cref="LearningStoreException"/>.
/// </remarks>
public interface IVerificationStore
{
    /// <summary>Stores a metric value.</summary>
    /// <param name="metric">The value.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>A task that completes when it is stored.</returns>
    Task StoreMetricAsync(SuccessMetric metric, CancellationToken cancellationToken = default);

    /// <summary>Stores many metric values in one transaction.</summary>
    /// <param name="metrics">The values.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The number stored.</returns>
    Task<int> StoreMetricsAsync(IEnumerable<SuccessMetric> metrics, CancellationToken cancellationToken = default);

    /// <summary>Gets metric values, oldest first.</summary>
    /// <param name="name">Only this metric, or <see langword="null"/> for all.</param>
    /// <param name="subject">Only this subject, or <see langword="null"/> for all.</param>
    /// <param name="since">Only at or after this instant, or <see langword="null"/>.</param>
    /// <param name="until">Only before this instant, or <see langword="null"/>.</param>
    /// <param name="limit">At most this many (positive).</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The values.</returns>
    Task<IReadOnlyList<SuccessMetric>> GetMetricsAsync(string? name = null, string? subject = null, DateTimeOffset? since = null, DateTimeOffset? until = null, int limit = 10_000, CancellationToken cancellationToken = default);

    /// <summary>Stores a correlation, replacing the stored one with the same type, source and target.</summary>
    /// <param name="correlation">The correlation.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>A task that completes when it is stored.</returns>
    Task StoreCorrelationAsync(Correlation correlation, CancellationToken cancellationToken = default);

    /// <summary>Stores many correlations in one transaction, as <see cref="StoreCorrelationAsync"/> does for one.</summary>
    /// <param name="correlations">The correlations.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The number stored.</returns>
    Task<int> StoreCorrelationsAsync(IEnumerable<Correlation> correlations, CancellationToken cancellationToken = default);

    /// <summary>Gets correlations, highest score first.</summary>
    /// <param name="type">Only this type, or <see langword="null"/> for all.</param>
    /// <param name="minScore">Only a score at least this, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The correlations.</returns>
    Task<IReadOnlyList<Correlation>> GetCorrelationsAsync(string? type = null, double? minScore = null, CancellationToken cancellationToken = default);

    /// <summary>Stores (or replaces) the baseline of an improvement's metric.</summary>
    /// <param name="baseline">The baseline.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>A task that completes when it is stored.</returns>
    Task StoreBaselineAsync(VerificationBaseline baseline, CancellationToken cancellationToken = default);

    /// <summary>Gets the baseline of an improvement's metric.</summary>
    /// <param name="improvementId">The improvement id.</param>
    /// <param name="metric">The metric.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The baseline, or <see langword="null"/>.</returns>
    Task<VerificationBaseline?> GetBaselineAsync(string improvementId, TargetMetric metric, CancellationToken cancellationToken = default);

    /// <summary>Stores a verification result and sets it as the improvement's verdict, in one transaction.</summary>
    /// <param name="result">The result.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>A task that completes when it is stored.</returns>
    Task StoreVerificationAsync(VerificationResult result, CancellationToken cancellationToken = default);

    /// <summary>Gets the verification results of an improvement, oldest first.</summary>
    /// <param name="improvementId">The improvement id.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The results.</returns>
    Task<IReadOnlyList<VerificationResult>> GetVerificationsAsync(string improvementId, CancellationToken cancellationToken = default);
}
