namespace Alpha.Learning.Storage.Internal;

/// <summary>The SQLite migration of fleet mode (version 4, additive).</summary>
internal static class FleetSchema
{
    /// <summary>One row per instance: its newest aggregate, the period it covers and when it reported.</summary>
    public const string V4Fleet = """
        CREATE TABLE fleet_aggregates (
            instance     TEXT    NOT NULL PRIMARY KEY,
            period_start TEXT    NOT NULL,
            period_end   TEXT    NOT NULL,
            reported_at  TEXT    NOT NULL,
            events       INTEGER NOT NULL,
            data         BLOB    NOT NULL
        );
        CREATE INDEX ix_fleet_aggregates_reported ON fleet_aggregates (reported_at);
        """;
}
