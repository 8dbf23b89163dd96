using Alpha.Learning.Fleet;
using Alpha.Learning.Storage.Internal;

namespace Alpha.Learning.Storage;

/// <summary>Fleet mode: the instances' aggregates (table <c>fleet_aggregates</c>, one row per instance).</summary>
public sealed partial class SqliteLearningStore : IFleetStore
{
    /// <inheritdoc/>
    public Task WriteFleetAggregateAsync(FleetAggregate aggregate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        FleetNames.Check(aggregate.Instance);
        return RunAsync(
            (connection, _) =>
            {
                using var command = Command(connection, null, """
                    INSERT INTO fleet_aggregates (instance, period_start, period_end, reported_at, events, data)
                    VALUES ($instance, $start, $end, $at, $events, $data)
                    ON CONFLICT (instance) DO UPDATE SET period_start = excluded.period_start, period_end = excluded.period_end,
                        reported_at = excluded.reported_at, events = excluded.events, data = excluded.data;
                    """);
                command.Parameters.AddWithValue("$instance", aggregate.Instance);
                command.Parameters.AddWithValue("$start", SqlText.Time(aggregate.PeriodStart));
                command.Parameters.AddWithValue("$end", SqlText.Time(aggregate.PeriodEnd));
                command.Parameters.AddWithValue("$at", SqlText.Time(aggregate.ReportedAt));
                command.Parameters.AddWithValue("$events", aggregate.Events);
                command.Parameters.AddWithValue("$data", aggregate.Data.ToArray());
                command.ExecuteNonQuery();
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<FleetAggregate>> GetFleetAggregatesAsync(DateTimeOffset reportedSince, CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<FleetAggregate>>(
            (connection, _) =>
            {
                // Instants are stored as round-trip UTC text of one width, so text order is time order.
                using var command = Command(connection, null, """
                    SELECT instance, period_start, period_end, reported_at, events, data FROM fleet_aggregates
                    WHERE reported_at >= $since ORDER BY instance;
                    """);
                command.Parameters.AddWithValue("$since", SqlText.Time(reportedSince));
                return ReadAll(command, static r => new FleetAggregate
                {
                    Instance = r.GetString(0),
                    PeriodStart = SqlText.ParseTime(r.GetString(1)),
                    PeriodEnd = SqlText.ParseTime(r.GetString(2)),
                    ReportedAt = SqlText.ParseTime(r.GetString(3)),
                    Events = r.GetInt64(4),
                    Data = (byte[])r.GetValue(5),
                });
            },
            cancellationToken);
}
