package dev.warden.checks.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.warden.testing.PostgresExtension;
import dev.warden.testing.TestDatabase;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Alembic and Sqitch: the tables and rows each tool creates, made by hand. */
@ExtendWith(PostgresExtension.class)
class AlembicAndSqitchHistoryTest {
    private static WardenConnection warden;
    private static MigrationHistory history;

    @BeforeAll
    static void createHistories(TestDatabase database) {
        database.sql().execute("""
                CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL,
                    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));
                INSERT INTO alembic_version VALUES ('ae1027a6acf');
                CREATE SCHEMA reports;
                CREATE TABLE reports.alembic_version (version_num VARCHAR(32) NOT NULL,
                    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));
                INSERT INTO reports.alembic_version VALUES ('3c1d2f0b9a10'), ('27c6a30d7c24');

                CREATE SCHEMA sqitch;
                CREATE TABLE sqitch.projects (project TEXT PRIMARY KEY, uri TEXT NULL UNIQUE,
                    created_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(), creator_name TEXT NOT NULL,
                    creator_email TEXT NOT NULL);
                CREATE TABLE sqitch.changes (change_id TEXT PRIMARY KEY, script_hash TEXT NULL, change TEXT NOT NULL,
                    project TEXT NOT NULL REFERENCES sqitch.projects(project) ON UPDATE CASCADE,
                    note TEXT NOT NULL DEFAULT '', committed_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
                    committer_name TEXT NOT NULL, committer_email TEXT NOT NULL, planned_at TIMESTAMPTZ NOT NULL,
                    planner_name TEXT NOT NULL, planner_email TEXT NOT NULL, UNIQUE(project, script_hash));
                CREATE TABLE sqitch.events (
                    event TEXT NOT NULL CONSTRAINT events_event_check CHECK (event IN ('deploy', 'revert', 'fail', 'merge')),
                    change_id TEXT NOT NULL, change TEXT NOT NULL,
                    project TEXT NOT NULL REFERENCES sqitch.projects(project) ON UPDATE CASCADE,
                    note TEXT NOT NULL DEFAULT '', requires TEXT[] NOT NULL DEFAULT '{}',
                    conflicts TEXT[] NOT NULL DEFAULT '{}', tags TEXT[] NOT NULL DEFAULT '{}',
                    committed_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(), committer_name TEXT NOT NULL,
                    committer_email TEXT NOT NULL, planned_at TIMESTAMPTZ NOT NULL, planner_name TEXT NOT NULL,
                    planner_email TEXT NOT NULL, PRIMARY KEY (change_id, committed_at));
                INSERT INTO sqitch.projects (project, creator_name, creator_email) VALUES ('shop', 'Ann', 'ann@example.com');
                INSERT INTO sqitch.changes (change_id, change, project, committed_at, committer_name, committer_email,
                                            planned_at, planner_name, planner_email) VALUES
                  ('c-users', 'users', 'shop', '2024-01-01 10:00:00+00', 'Ann', 'ann@example.com', '2023-12-31 00:00:00+00', 'Ann', 'ann@example.com');
                INSERT INTO sqitch.events (event, change_id, change, project, committed_at, committer_name, committer_email,
                                           planned_at, planner_name, planner_email) VALUES
                  ('deploy', 'c-users',   'users',   'shop', '2024-01-01 10:00:00+00', 'Ann', 'ann@example.com', '2023-12-31 00:00:00+00', 'Ann', 'ann@example.com'),
                  ('fail',   'c-widgets', 'widgets', 'shop', '2024-01-02 10:00:00+00', 'Ann', 'ann@example.com', '2023-12-31 00:00:00+00', 'Ann', 'ann@example.com'),
                  ('deploy', 'c-widgets', 'widgets', 'shop', '2024-01-02 11:00:00+00', 'Ann', 'ann@example.com', '2023-12-31 00:00:00+00', 'Ann', 'ann@example.com'),
                  ('revert', 'c-widgets', 'widgets', 'shop', '2024-01-03 10:00:00+00', 'Ann', 'ann@example.com', '2023-12-31 00:00:00+00', 'Ann', 'ann@example.com'),
                  ('fail',   'c-orders',  'orders',  'shop', '2024-01-04 10:00:00+00', 'Ann', 'ann@example.com', '2023-12-31 00:00:00+00', 'Ann', 'ann@example.com');
                -- An application's own events table is not Sqitch's.
                CREATE TABLE public.events (id bigserial PRIMARY KEY, kind text, payload jsonb);
                """);
        warden = new WardenConnection(database);
        history = warden.read();
    }

    @AfterAll
    static void close() {
        warden.close();
    }

    @Test
    void shouldReadEveryAlembicHeadWithoutTimes() {
        assertThat(history.records(MigrationTools.ALEMBIC))
                .extracting(MigrationRecord::schema, MigrationRecord::version, MigrationRecord::appliedAt, MigrationRecord::state)
                .containsExactlyInAnyOrder(tuple("public", "ae1027a6acf", null, MigrationState.APPLIED),
                        tuple("reports", "27c6a30d7c24", null, MigrationState.APPLIED),
                        tuple("reports", "3c1d2f0b9a10", null, MigrationState.APPLIED));
    }

    @Test
    void shouldNormaliseSqitchDeployRevertAndFailEvents() {
        assertThat(history.records(MigrationTools.SQITCH))
                .extracting(MigrationRecord::name, MigrationRecord::state, MigrationRecord::appliedAt)
                .containsExactly(tuple("orders", MigrationState.FAILED, Instant.parse("2024-01-04T10:00:00Z")),
                        tuple("widgets", MigrationState.ROLLED_BACK, Instant.parse("2024-01-03T10:00:00Z")),
                        tuple("widgets", MigrationState.APPLIED, Instant.parse("2024-01-02T11:00:00Z")),
                        tuple("widgets", MigrationState.FAILED, Instant.parse("2024-01-02T10:00:00Z")),
                        tuple("users", MigrationState.APPLIED, Instant.parse("2024-01-01T10:00:00Z")));
        assertThat(history.records(MigrationTools.SQITCH)).allSatisfy(r -> assertThat(r.schema()).isEqualTo("sqitch"));
    }

    @Test
    void shouldReportOnlyTheSqitchFailureThatWasNotRedeployed() {
        assertThat(history.failed()).extracting(MigrationRecord::tool, MigrationRecord::version)
                .containsExactly(tuple(MigrationTools.SQITCH, "c-orders"));
        assertThat(history.tools()).containsExactlyInAnyOrder(MigrationTools.ALEMBIC, MigrationTools.SQITCH);
    }
}
