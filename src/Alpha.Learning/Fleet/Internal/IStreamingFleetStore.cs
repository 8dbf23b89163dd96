namespace Alpha.Learning.Fleet.Internal;

/// <summary>
/// A fleet store that hands over each aggregate as soon as it is read, so the leader decodes one while the next is still
/// arriving (8 aggregates of 10,000 subjects are 90 MB from the server). The PostgreSQL store implements it; for any other
/// <see cref="IFleetStore"/> the leader decodes once the list is complete.
/// </summary>
internal interface IStreamingFleetStore : IFleetStore
{
    /// <summary>As <see cref="IFleetStore.GetFleetAggregatesAsync"/>, calling <paramref name="received"/> with each aggregate, in the list's order, as it is read.</summary>
    /// <param name="reportedSince">The oldest report that still counts.</param>
    /// <param name="received">Called once for each aggregate of the returned list, in order, on the reading thread (it must not block).</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>The aggregates.</returns>
    Task<IReadOnlyList<FleetAggregate>> GetFleetAggregatesAsync(DateTimeOffset reportedSince, Action<FleetAggregate> received, CancellationToken cancellationToken);
}
