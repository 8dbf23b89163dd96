namespace Alpha.Learning.Alerts;

/// <summary>
/// Where alert states live between checks (de-duplication, quiet periods, resolution). <c>SqliteLearningStore</c>
/// implements it in its <c>alerts</c> table; without one, states last as long as the <see cref="AlertPublisher"/>.
/// </summary>
public interface IAlertStateStore
{
    /// <summary>Gets the alert states, firing first, then the most recently sent.</summary>
    /// <param name="includeResolved">Whether resolved alerts are included.</param>
    /// <param name="limit">The most states returned.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The states.</returns>
    Task<IReadOnlyList<AlertState>> GetAlertStatesAsync(bool includeResolved, int limit = 1000, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces alert states (by fingerprint), in one transaction.</summary>
    /// <param name="states">The states.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>How many were written.</returns>
    Task<int> SaveAlertStatesAsync(IEnumerable<AlertState> states, CancellationToken cancellationToken = default);
}
