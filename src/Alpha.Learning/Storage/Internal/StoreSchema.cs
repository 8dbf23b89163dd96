using Microsoft.Data.Sqlite;

namespace Alpha.Learning.Storage.Internal;

/// <summary>
/// The database schema, as ordered migrations. <c>PRAGMA user_version</c> holds the number of migrations applied;
/// each migration runs once, inside the caller's transaction. Never edit a shipped migration: add one.
/// </summary>
internal static class StoreSchema
{
    /// <summary>Version 1: the four tables of the seed.</summary>
    private const string V1Seed = """
        CREATE TABLE patterns_detected (
            id            TEXT    NOT NULL PRIMARY KEY,
            fingerprint   TEXT    NOT NULL UNIQUE,
            pattern_type  TEXT    NOT NULL,
            description   TEXT    NOT NULL,
            occurrences   INTEGER NOT NULL,
            impact_score  REAL    NOT NULL,
            first_seen    TEXT    NOT NULL,
            last_seen     TEXT    NOT NULL,
            examples      TEXT    NOT NULL DEFAULT '[]',
            metadata      TEXT    NOT NULL DEFAULT '{}'
        );
        CREATE TABLE improvements_applied (
            id                TEXT NOT NULL PRIMARY KEY,
            recommendation_id TEXT NOT NULL,
            title             TEXT NOT NULL,
            action_type       TEXT NOT NULL,
            changes           TEXT NOT NULL DEFAULT '[]',
            status            TEXT NOT NULL,
            created_at        TEXT NOT NULL,
            applied_at        TEXT,
            rolled_back_at    TEXT,
            reason            TEXT
        );
        CREATE TABLE success_metrics (
            id           INTEGER PRIMARY KEY,
            metric_name  TEXT NOT NULL,
            metric_value REAL NOT NULL,
            timestamp    TEXT NOT NULL,
            metadata     TEXT
        );
        CREATE TABLE correlations (
            id               INTEGER PRIMARY KEY,
            correlation_type TEXT    NOT NULL,
            source           TEXT    NOT NULL,
            target           TEXT    NOT NULL,
            score            REAL    NOT NULL,
            sample_size      INTEGER NOT NULL DEFAULT 0,
            details          TEXT,
            created_at       TEXT    NOT NULL
        );
        CREATE INDEX ix_patterns_type_impact ON patterns_detected (pattern_type, impact_score);
        CREATE INDEX ix_improvements_status ON improvements_applied (status);
        CREATE INDEX ix_metrics_name_time ON success_metrics (metric_name, timestamp);
        """;

    /// <summary>Version 2: what the feedback loop needs (identity and verification of improvements, history, cycles, lease, state).</summary>
    private const string V2Loop = """
        ALTER TABLE patterns_detected ADD COLUMN subject TEXT NOT NULL DEFAULT '';
        ALTER TABLE patterns_detected ADD COLUMN key TEXT NOT NULL DEFAULT '';
        ALTER TABLE patterns_detected ADD COLUMN last_cycle INTEGER;
        ALTER TABLE patterns_detected ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';
        UPDATE patterns_detected SET updated_at = last_seen WHERE updated_at = '';

        CREATE TABLE pattern_history (
            id            INTEGER PRIMARY KEY,
            fingerprint   TEXT    NOT NULL,
            cycle_number  INTEGER,
            occurrences   INTEGER NOT NULL,
            impact_score  REAL    NOT NULL,
            recorded_at   TEXT    NOT NULL
        );
        -- NULLs are distinct in a unique index: rows stored outside a cycle never replace each other.
        CREATE UNIQUE INDEX ux_pattern_history_cycle ON pattern_history (fingerprint, cycle_number);

        -- Every store of a pattern leaves a history row (one per cycle: storing again within a cycle replaces it),
        -- written by SQLite itself so a batch pays one statement per pattern. (A conflict clause inside a trigger is
        -- overridden by the firing statement's, hence DELETE then INSERT; "= NULL" deletes nothing outside a cycle.)
        CREATE TRIGGER tr_patterns_history_insert AFTER INSERT ON patterns_detected BEGIN
            DELETE FROM pattern_history WHERE fingerprint = NEW.fingerprint AND cycle_number = NEW.last_cycle;
            INSERT INTO pattern_history (fingerprint, cycle_number, occurrences, impact_score, recorded_at)
            VALUES (NEW.fingerprint, NEW.last_cycle, NEW.occurrences, NEW.impact_score, NEW.updated_at);
        END;
        CREATE TRIGGER tr_patterns_history_update AFTER UPDATE ON patterns_detected BEGIN
            DELETE FROM pattern_history WHERE fingerprint = NEW.fingerprint AND cycle_number = NEW.last_cycle;
            INSERT INTO pattern_history (fingerprint, cycle_number, occurrences, impact_score, recorded_at)
            VALUES (NEW.fingerprint, NEW.last_cycle, NEW.occurrences, NEW.impact_score, NEW.updated_at);
        END;

        ALTER TABLE improvements_applied ADD COLUMN pattern_fingerprint TEXT NOT NULL DEFAULT '';
        ALTER TABLE improvements_applied ADD COLUMN pattern_type TEXT NOT NULL DEFAULT 'recurring_error';
        ALTER TABLE improvements_applied ADD COLUMN risk TEXT NOT NULL DEFAULT 'safe';
        ALTER TABLE improvements_applied ADD COLUMN priority TEXT NOT NULL DEFAULT 'medium';
        ALTER TABLE improvements_applied ADD COLUMN confidence REAL NOT NULL DEFAULT 0;
        ALTER TABLE improvements_applied ADD COLUMN target_metric TEXT NOT NULL DEFAULT 'none';
        ALTER TABLE improvements_applied ADD COLUMN subject TEXT NOT NULL DEFAULT '';
        ALTER TABLE improvements_applied ADD COLUMN key TEXT NOT NULL DEFAULT '';
        ALTER TABLE improvements_applied ADD COLUMN status_changed_at TEXT;
        ALTER TABLE improvements_applied ADD COLUMN config_file TEXT;
        ALTER TABLE improvements_applied ADD COLUMN version_before TEXT;
        ALTER TABLE improvements_applied ADD COLUMN version_after TEXT;
        ALTER TABLE improvements_applied ADD COLUMN backup_file TEXT;
        ALTER TABLE improvements_applied ADD COLUMN verdict TEXT NOT NULL DEFAULT 'none';
        ALTER TABLE improvements_applied ADD COLUMN cycle_number INTEGER;
        DROP INDEX ix_improvements_status;
        CREATE INDEX ix_improvements_status_created ON improvements_applied (status, created_at);
        CREATE INDEX ix_improvements_created ON improvements_applied (created_at);
        CREATE INDEX ix_improvements_applied_at ON improvements_applied (applied_at);
        CREATE INDEX ix_improvements_recommendation ON improvements_applied (recommendation_id);

        ALTER TABLE success_metrics ADD COLUMN subject TEXT;

        DELETE FROM correlations WHERE id NOT IN (SELECT max(id) FROM correlations GROUP BY correlation_type, source, target);
        CREATE UNIQUE INDEX ux_correlations_identity ON correlations (correlation_type, source, target);
        CREATE INDEX ix_correlations_score ON correlations (score);

        CREATE TABLE path_changes (
            id             INTEGER PRIMARY KEY,
            path           TEXT NOT NULL,
            old_value      TEXT NOT NULL,
            new_value      TEXT NOT NULL,
            improvement_id TEXT NOT NULL,
            kind           TEXT NOT NULL,
            direction      TEXT NOT NULL,
            at             TEXT NOT NULL
        );
        CREATE INDEX ix_path_changes_path_at ON path_changes (path, at);
        CREATE INDEX ix_path_changes_improvement ON path_changes (improvement_id);
        CREATE INDEX ix_path_changes_at ON path_changes (at);

        CREATE TABLE cycle_runs (
            cycle_number INTEGER PRIMARY KEY AUTOINCREMENT,
            started_at   TEXT NOT NULL,
            finished_at  TEXT,
            status       TEXT NOT NULL,
            reason       TEXT,
            report       TEXT,
            owner        TEXT
        );

        CREATE TABLE leases (
            name        TEXT NOT NULL PRIMARY KEY,
            owner       TEXT NOT NULL,
            acquired_at TEXT NOT NULL,
            expires_at  TEXT NOT NULL
        );

        CREATE TABLE verification_baselines (
            improvement_id TEXT    NOT NULL,
            metric         TEXT    NOT NULL,
            sample_size    INTEGER NOT NULL,
            data           TEXT    NOT NULL,
            captured_at    TEXT    NOT NULL,
            PRIMARY KEY (improvement_id, metric)
        );

        CREATE TABLE verification_verdicts (
            id             INTEGER PRIMARY KEY,
            improvement_id TEXT    NOT NULL,
            metric         TEXT    NOT NULL,
            verdict        TEXT    NOT NULL,
            p_value        REAL,
            effect         REAL,
            baseline_size  INTEGER NOT NULL,
            after_size     INTEGER NOT NULL,
            details        TEXT,
            at             TEXT    NOT NULL
        );
        CREATE INDEX ix_verdicts_improvement ON verification_verdicts (improvement_id, at);

        CREATE TABLE loop_state (
            key        TEXT NOT NULL PRIMARY KEY,
            value      TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        """;

    /// <summary>Version 3 (additive): the state of alerts on baseline-relative findings, one row per fingerprint.</summary>
    private const string V3Alerts = """
        CREATE TABLE alerts (
            fingerprint       TEXT    NOT NULL PRIMARY KEY,
            pattern_type      TEXT    NOT NULL,
            subject           TEXT    NOT NULL,
            key               TEXT    NOT NULL,
            status            TEXT    NOT NULL,
            severity          TEXT    NOT NULL,
            effect            REAL    NOT NULL,
            description       TEXT    NOT NULL,
            first_raised_at   TEXT    NOT NULL,
            last_sent_at      TEXT    NOT NULL,
            last_seen_at      TEXT    NOT NULL,
            resolved_at       TEXT,
            last_notification TEXT    NOT NULL,
            times_sent        INTEGER NOT NULL
        );
        CREATE INDEX ix_alerts_status_sent ON alerts (status, last_sent_at);
        """;

    private static readonly string[] Migrations = [V1Seed, V2Loop, V3Alerts, FleetSchema.V4Fleet];

    /// <summary>Gets the schema version this code writes.</summary>
    public static int LatestVersion => Migrations.Length;

    /// <summary>Reads <c>PRAGMA user_version</c>.</summary>
    public static int ReadVersion(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Applies the migrations after the current version up to <paramref name="targetVersion"/> in one
    /// <c>BEGIN IMMEDIATE</c> transaction (so two processes starting at once migrate once). The version is read again
    /// under the write lock and handed to <paramref name="check"/>, which may refuse the database by throwing: nothing is
    /// written then.
    /// </summary>
    /// <returns>The version before, and the version after.</returns>
    public static (int From, int To) Migrate(SqliteConnection connection, int targetVersion, Action<int, SqliteTransaction>? check = null)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        var current = ReadVersion(connection, transaction);
        check?.Invoke(current, transaction);
        if (current >= targetVersion)
        {
            return (current, current);
        }

        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        for (var version = current + 1; version <= targetVersion; version++)
        {
            command.CommandText = Migrations[version - 1];
            command.ExecuteNonQuery();
        }

        // PRAGMA takes no parameter; the value is an integer of ours, never input.
        command.CommandText = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"PRAGMA user_version = {targetVersion};");
        command.ExecuteNonQuery();
        transaction.Commit();
        return (current, targetVersion);
    }
}
