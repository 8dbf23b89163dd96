namespace Alpha.Learning.Storage.Internal;

/// <summary>
/// The PostgreSQL schema as ordered migrations, recorded in <c>schema_migrations</c> in the store's own schema. Each runs
/// once, in one transaction under an advisory lock, so instances starting together migrate once. Never edit a shipped
/// migration: add one.
/// </summary>
internal static class PgSchema
{
    /// <summary>Version 1: everything the SQLite store holds at its version 3.</summary>
    private const string V1 = """
        CREATE TABLE patterns_detected (
            id           text             NOT NULL PRIMARY KEY,
            fingerprint  text             NOT NULL UNIQUE,
            pattern_type text             NOT NULL,
            subject      text             NOT NULL,
            key          text             NOT NULL,
            description  text             NOT NULL,
            occurrences  bigint           NOT NULL,
            impact_score double precision NOT NULL,
            first_seen   timestamptz      NOT NULL,
            last_seen    timestamptz      NOT NULL,
            examples     text             NOT NULL,
            metadata     text             NOT NULL,
            last_cycle   bigint,
            updated_at   timestamptz      NOT NULL,
            seq          bigint           GENERATED ALWAYS AS IDENTITY
        );
        CREATE INDEX ix_patterns_impact ON patterns_detected (impact_score DESC, seq DESC);
        CREATE INDEX ix_patterns_type_impact ON patterns_detected (pattern_type, impact_score DESC, seq DESC);
        CREATE INDEX ix_patterns_last_seen ON patterns_detected (last_seen);

        CREATE TABLE pattern_history (
            id           bigint           GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            fingerprint  text             NOT NULL,
            cycle_number bigint,
            occurrences  bigint           NOT NULL,
            impact_score double precision NOT NULL,
            recorded_at  timestamptz      NOT NULL
        );
        -- NULLs are distinct in a unique index: rows stored outside a cycle never replace each other.
        CREATE UNIQUE INDEX ux_pattern_history_cycle ON pattern_history (fingerprint, cycle_number);
        CREATE INDEX ix_pattern_history_recorded ON pattern_history (recorded_at);

        CREATE TABLE improvements_applied (
            id                  text             NOT NULL PRIMARY KEY,
            recommendation_id   text             NOT NULL,
            pattern_fingerprint text             NOT NULL,
            pattern_type        text             NOT NULL,
            title               text             NOT NULL,
            action_type         text             NOT NULL,
            risk                text             NOT NULL,
            priority            text             NOT NULL,
            confidence          double precision NOT NULL,
            target_metric       text             NOT NULL,
            subject             text             NOT NULL,
            key                 text             NOT NULL,
            changes             text             NOT NULL,
            status              text             NOT NULL,
            created_at          timestamptz      NOT NULL,
            applied_at          timestamptz,
            rolled_back_at      timestamptz,
            status_changed_at   timestamptz,
            config_file         text,
            version_before      text,
            version_after       text,
            backup_file         text,
            reason              text,
            verdict             text             NOT NULL,
            cycle_number        bigint,
            seq                 bigint           GENERATED ALWAYS AS IDENTITY
        );
        CREATE INDEX ix_improvements_status_created ON improvements_applied (status, created_at);
        CREATE INDEX ix_improvements_created ON improvements_applied (created_at);
        CREATE INDEX ix_improvements_applied_at ON improvements_applied (applied_at);
        CREATE INDEX ix_improvements_recommendation ON improvements_applied (recommendation_id);

        CREATE TABLE success_metrics (
            id           bigint           GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            metric_name  text             NOT NULL,
            metric_value double precision NOT NULL,
            recorded_at  timestamptz      NOT NULL,
            subject      text,
            metadata     text
        );
        CREATE INDEX ix_metrics_name_time ON success_metrics (metric_name, recorded_at);
        CREATE INDEX ix_metrics_time ON success_metrics (recorded_at);

        CREATE TABLE correlations (
            id               bigint           GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            correlation_type text             NOT NULL,
            source           text             NOT NULL,
            target           text             NOT NULL,
            score            double precision NOT NULL,
            sample_size      bigint           NOT NULL,
            details          text,
            created_at       timestamptz      NOT NULL,
            UNIQUE (correlation_type, source, target)
        );

        CREATE TABLE path_changes (
            id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            path           text        NOT NULL,
            old_value      text        NOT NULL,
            new_value      text        NOT NULL,
            improvement_id text        NOT NULL,
            kind           text        NOT NULL,
            direction      text        NOT NULL,
            at             timestamptz NOT NULL
        );
        CREATE INDEX ix_path_changes_path_at ON path_changes (path, at);
        CREATE INDEX ix_path_changes_improvement ON path_changes (improvement_id);

        CREATE SEQUENCE cycle_numbers;
        CREATE TABLE cycle_runs (
            cycle_number bigint      NOT NULL PRIMARY KEY,
            started_at   timestamptz NOT NULL,
            finished_at  timestamptz,
            status       text        NOT NULL,
            reason       text,
            report       text,
            owner        text
        );

        CREATE TABLE leases (
            name        text        NOT NULL PRIMARY KEY,
            owner       text        NOT NULL,
            acquired_at timestamptz NOT NULL,
            expires_at  timestamptz NOT NULL
        );

        CREATE TABLE verification_baselines (
            improvement_id text        NOT NULL,
            metric         text        NOT NULL,
            sample_size    bigint      NOT NULL,
            data           text        NOT NULL,
            captured_at    timestamptz NOT NULL,
            PRIMARY KEY (improvement_id, metric)
        );

        CREATE TABLE verification_verdicts (
            id             bigint           GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            improvement_id text             NOT NULL,
            metric         text             NOT NULL,
            verdict        text             NOT NULL,
            p_value        double precision,
            effect         double precision,
            baseline_size  bigint           NOT NULL,
            after_size     bigint           NOT NULL,
            details        text,
            at             timestamptz      NOT NULL
        );
        CREATE INDEX ix_verdicts_improvement ON verification_verdicts (improvement_id, at);

        CREATE TABLE loop_state (
            key        text        NOT NULL PRIMARY KEY,
            value      text        NOT NULL,
            updated_at timestamptz NOT NULL
        );

        CREATE TABLE alerts (
            fingerprint       text             NOT NULL PRIMARY KEY,
            pattern_type      text             NOT NULL,
            subject           text             NOT NULL,
            key               text             NOT NULL,
            status            text             NOT NULL,
            severity          text             NOT NULL,
            effect            double precision NOT NULL,
            description       text             NOT NULL,
            first_raised_at   timestamptz      NOT NULL,
            last_sent_at      timestamptz      NOT NULL,
            last_seen_at      timestamptz      NOT NULL,
            resolved_at       timestamptz,
            last_notification text             NOT NULL,
            times_sent        integer          NOT NULL
        );
        CREATE INDEX ix_alerts_status_sent ON alerts (status, last_sent_at);
        """;

    public static readonly string[] Migrations = [V1, PgFleetSchema.V2Fleet];

    public static int LatestVersion => Migrations.Length;
}
