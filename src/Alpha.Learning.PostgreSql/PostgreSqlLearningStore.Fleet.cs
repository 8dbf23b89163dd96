using System.Data;

using Alpha.Learning.Fleet;
using Alpha.Learning.Fleet.Internal;

namespace Alpha.Learning.Storage;

/// <summary>Fleet mode: the instances' aggregates (table <c>fleet_aggregates</c>, one row per instance).</summary>
public sealed partial class PostgreSqlLearningStore : IStreamingFleetStore
{
    /// <inheritdoc/>
    public Task WriteFleetAggregateAsync(FleetAggregate aggregate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        FleetNames.Check(aggregate.Instance);
        return RunAsync(
            (connection, token) => ExecuteAsync(
                connection,
                null,
                """
                INSERT INTO fleet_aggregates (instance, period_start, period_end, reported_at, events, data)
                VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (instance) DO UPDATE SET period_start = excluded.period_start, period_end = excluded.period_end,
                    reported_at = excluded.reported_at, events = excluded.events, data = excluded.data;
                """,
                token,
                aggregate.Instance,
                aggregate.PeriodStart,
                aggregate.PeriodEnd,
                aggregate.ReportedAt,
                aggregate.Events,
                aggregate.Data.ToArray()),
            cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The aggregates are read with sequential access: each one's bytes go straight from the connection into its array,
    /// instead of through a buffer holding the whole row first (aggregates of 10,000 subjects run to megabytes).
    /// </remarks>
    public Task<IReadOnlyList<FleetAggregate>> GetFleetAggregatesAsync(DateTimeOffset reportedSince, CancellationToken cancellationToken = default) =>
        GetFleetAggregatesAsync(reportedSince, static _ => { }, cancellationToken);

    /// <inheritdoc/>
    Task<IReadOnlyList<FleetAggregate>> IStreamingFleetStore.GetFleetAggregatesAsync(DateTimeOffset reportedSince, Action<FleetAggregate> received, CancellationToken cancellationToken) =>
        GetFleetAggregatesAsync(reportedSince, received, cancellationToken);

    private Task<IReadOnlyList<FleetAggregate>> GetFleetAggregatesAsync(DateTimeOffset reportedSince, Action<FleetAggregate> received, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<FleetAggregate>>(
            async (connection, token) =>
            {
                var command = Command(connection, null, "SELECT instance, period_start, period_end, reported_at, events, data FROM fleet_aggregates WHERE reported_at >= $1 ORDER BY instance COLLATE \"C\";", reportedSince);
                await using (command.ConfigureAwait(false))
                {
                    var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, token).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        var list = new List<FleetAggregate>();
                        while (await reader.ReadAsync(token).ConfigureAwait(false))
                        {
                            // In column order, as sequential access requires.
                            var instance = Str(reader, 0);
                            var start = Time(reader, 1);
                            var end = Time(reader, 2);
                            var reported = Time(reader, 3);
                            var events = reader.GetInt64(4);
                            var data = await reader.GetFieldValueAsync<byte[]>(5, token).ConfigureAwait(false);
                            var aggregate = new FleetAggregate { Instance = instance, PeriodStart = start, PeriodEnd = end, ReportedAt = reported, Events = events, Data = data };
                            list.Add(aggregate);
                            received(aggregate);
                        }

                        return list;
                    }
                }
            },
            cancellationToken);
}
