namespace Alpha.Learning.Fleet;

/// <summary>
/// The part of a learning store that fleet mode needs: every instance writes its aggregate, the instance holding the
/// cycle lease reads those of the instances still reporting. Both built-in stores implement it (PostgreSQL for a fleet
/// across hosts, SQLite for instances on one host).
/// </summary>
public interface IFleetStore
{
    /// <summary>Stores an instance's aggregate, replacing the one it wrote before.</summary>
    /// <param name="aggregate">The aggregate.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>A task that completes when the aggregate is stored.</returns>
    Task WriteFleetAggregateAsync(FleetAggregate aggregate, CancellationToken cancellationToken = default);

    /// <summary>Returns the newest aggregate of every instance that reported at or after <paramref name="reportedSince"/>, by instance name.</summary>
    /// <param name="reportedSince">The oldest report that still counts (instances silent since are left out).</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>The aggregates.</returns>
    /// <remarks>
    /// The leader decodes each <see cref="FleetAggregate.Data"/> in place, so a store returns bytes it does not change
    /// afterwards (a new array per call, as both built-in stores do, not a buffer it reuses).
    /// </remarks>
    Task<IReadOnlyList<FleetAggregate>> GetFleetAggregatesAsync(DateTimeOffset reportedSince, CancellationToken cancellationToken = default);
}
