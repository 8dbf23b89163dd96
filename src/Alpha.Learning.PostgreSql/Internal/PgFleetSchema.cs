namespace Alpha.Learning.Storage.Internal;

/// <summary>The PostgreSQL migration of fleet mode (version 2, additive).</summary>
internal static class PgFleetSchema
{
    /// <summary>One row per instance: its newest aggregate, the period it covers and when it reported.</summary>
    public const string V2Fleet = """
        CREATE TABLE fleet_aggregates (
            instance     text        NOT NULL PRIMARY KEY,
            period_start timestamptz NOT NULL,
            period_end   timestamptz NOT NULL,
            reported_at  timestamptz NOT NULL,
            events       bigint      NOT NULL,
            data         bytea       NOT NULL
        );
        CREATE INDEX ix_fleet_aggregates_reported ON fleet_aggregates (reported_at);
        """;
}
