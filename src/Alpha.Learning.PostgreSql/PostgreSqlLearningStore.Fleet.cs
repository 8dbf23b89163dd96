using Alpha.Learning.Fleet;

namespace Alpha.Learning.Storage;

/// <summary>Fleet mode: the instances' aggregates (table <c>fleet_aggregates</c>, one row per instance).</summary>
public sealed partial class PostgreSqlLearningStore : IFleetStore
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
    public Task<IReadOnlyList<FleetAggregate>> GetFleetAggregatesAsync(DateTimeOffset reportedSince, CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<FleetAggregate>>(
            async (connection, token) => await ReadAllAsync(
                Command(connection, null, "SELECT instance, period_start, period_end, reported_at, events, data FROM fleet_aggregates WHERE reported_at >= $1 ORDER BY instance COLLATE \"C\";", reportedSince),
                static r => new FleetAggregate
                {
                    Instance = Str(r, 0),
                    PeriodStart = Time(r, 1),
                    PeriodEnd = Time(r, 2),
                    ReportedAt = Time(r, 3),
                    Events = r.GetInt64(4),
                    Data = r.GetFieldValue<byte[]>(5),
                },
                token).ConfigureAwait(false),
            cancellationToken);
}
