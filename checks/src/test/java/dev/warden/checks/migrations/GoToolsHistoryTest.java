package dev.warden.checks.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.warden.testing.PostgresExtension;
import dev.warden.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** golang-migrate, Atlas and pgroll: the tables and rows each tool creates, made by hand. */
@ExtendWith(PostgresExtension.class)
class GoToolsHistoryTest {
    private static WardenConnection warden;
    private static MigrationHistory history;

    @BeforeAll
    static void createHistories(TestDatabase database) {
        database.sql().execute(golangMigrateTable("svc_a") + """
                INSERT INTO svc_a.schema_migrations (version, dirty) VALUES (20240101120000, false);
                """ + golangMigrateTable("svc_b") + """
                INSERT INTO svc_b.schema_migrations (version, dirty) VALUES (7, true);
                -- Same name, other tools: Rails (version varchar) and Ecto (version bigint, inserted_at).
                CREATE SCHEMA rails;
                CREATE TABLE rails.schema_migrations (version character varying NOT NULL PRIMARY KEY);
                INSERT INTO rails.schema_migrations VALUES ('20240101000000');
                CREATE SCHEMA ecto;
                CREATE TABLE ecto.schema_migrations (version bigint NOT NULL PRIMARY KEY, inserted_at timestamp(0));
                INSERT INTO ecto.schema_migrations VALUES (20240101000000, now());
                """ + atlasTable("atlas_schema_revisions") + """
                INSERT INTO atlas_schema_revisions.atlas_schema_revisions
                       (version, description, type, applied, total, executed_at, execution_time, error, error_stmt, hash, operator_version) VALUES
                  ('.atlas_cloud_identifier', '8d8a5e1c-0000-4000-8000-000000000000', 0, 0, 0, '2024-01-01 00:00:00+00', 0, NULL, NULL, '', 'Atlas CLI v0.20.0'),
                  ('20240101000000', 'create_users', 2, 3, 3, '2024-01-01 10:00:00+00', 25000000, NULL, NULL, 'h1', 'Atlas CLI v0.20.0'),
                  ('20240102000000', 'add_email', 2, 1, 3, '2024-01-02 10:00:00+00', 5000000,
                   'pq: column "email" already exists', 'ALTER TABLE users ADD COLUMN email text', 'h2', 'Atlas CLI v0.20.0');
                """ + atlasTable("atlas_partial") + """
                INSERT INTO atlas_partial.atlas_schema_revisions
                       (version, description, type, applied, total, executed_at, execution_time, hash, operator_version) VALUES
                  ('20240103000000', 'backfill', 2, 1, 2, '2024-01-03 10:00:00+00', 0, 'h3', 'Atlas CLI v0.20.0');
                """ + PGROLL_TABLE + """
                INSERT INTO pgroll.migrations (schema, name, migration, created_at, updated_at, parent, done, migration_type) VALUES
                  ('public', '01_create_users', '{"operations": []}', '2024-01-01 10:00:00+00', '2024-01-01 10:00:05+00', NULL, true, 'pgroll'),
                  ('public', '02_add_email', '{"operations": []}', '2024-01-02 10:00:00+00', '2024-01-02 10:00:00+00', '01_create_users', false, 'pgroll');
                -- db-migrate's table is also called migrations.
                CREATE TABLE public.migrations (id serial PRIMARY KEY, name varchar(255) NOT NULL, run_on timestamp NOT NULL);
                INSERT INTO public.migrations (name, run_on) VALUES ('/20240101-init', now());
                """);
        warden = new WardenConnection(database);
        history = warden.read();
    }

    @AfterAll
    static void close() {
        warden.close();
    }

    @Test
    void shouldReadCleanAndDirtyGolangMigrateVersions() {
        assertThat(history.records(MigrationTools.GOLANG_MIGRATE))
                .extracting(MigrationRecord::schema, MigrationRecord::version, MigrationRecord::state)
                .containsExactlyInAnyOrder(tuple("svc_a", "20240101120000", MigrationState.APPLIED),
                        tuple("svc_b", "7", MigrationState.DIRTY));
        assertThat(history.failed()).filteredOn(r -> r.tool().equals(MigrationTools.GOLANG_MIGRATE))
                .extracting(MigrationRecord::schema).containsExactly("svc_b");
    }

    @Test
    void shouldNotTakeOtherToolsSchemaMigrationsForGolangMigrate() {
        assertThat(history.records(MigrationTools.GOLANG_MIGRATE)).extracting(MigrationRecord::schema)
                .doesNotContain("rails", "ecto");
        assertThat(history.tools()).containsExactlyInAnyOrder(MigrationTools.GOLANG_MIGRATE, MigrationTools.ATLAS,
                MigrationTools.PGROLL);
    }

    @Test
    void shouldNormaliseAtlasRevisionsAndLeaveOutItsIdentifierRow() {
        List<MigrationRecord> records = recordsIn(MigrationTools.ATLAS, "atlas_schema_revisions");

        assertThat(records).extracting(MigrationRecord::version, MigrationRecord::name, MigrationRecord::state)
                .containsExactly(tuple("20240102000000", "add_email", MigrationState.FAILED),
                        tuple("20240101000000", "create_users", MigrationState.APPLIED));
        assertThat(records.get(1).duration()).isEqualTo(Duration.ofMillis(25));
        assertThat(records.get(1).appliedAt()).isEqualTo(Instant.parse("2024-01-01T10:00:00Z"));
    }

    @Test
    void shouldReportPartlyAppliedAtlasRevisionAsRunning() {
        assertThat(recordsIn(MigrationTools.ATLAS, "atlas_partial")).extracting(MigrationRecord::state)
                .containsExactly(MigrationState.RUNNING);
        assertThat(history.running()).filteredOn(r -> MigrationTools.ATLAS.equals(r.tool())).singleElement()
                .satisfies(r -> {
                    assertThat(r.source()).isEqualTo(RunningMigration.Source.HISTORY_ROW);
                    assertThat(r.statementPreview()).isEqualTo("20240103000000: 1 of 2 statements applied");
                });
    }

    @Test
    void shouldReportPgrollMigrationStartedButNotCompleted() {
        assertThat(recordsIn(MigrationTools.PGROLL, "pgroll"))
                .extracting(MigrationRecord::version, MigrationRecord::name, MigrationRecord::state)
                .containsExactly(tuple("02_add_email", "public.02_add_email", MigrationState.RUNNING),
                        tuple("01_create_users", "public.01_create_users", MigrationState.APPLIED));
        assertThat(history.running()).filteredOn(r -> MigrationTools.PGROLL.equals(r.tool())).singleElement()
                .satisfies(r -> {
                    assertThat(r.source()).isEqualTo(RunningMigration.Source.HISTORY_ROW);
                    assertThat(r.startedAt()).isEqualTo(Instant.parse("2024-01-02T10:00:00Z"));
                });
    }

    private static List<MigrationRecord> recordsIn(String tool, String schema) {
        return history.records(tool).stream().filter(r -> r.schema().equals(schema)).toList();
    }

    private static String golangMigrateTable(String schema) {
        return "CREATE SCHEMA " + schema + ";\nCREATE TABLE IF NOT EXISTS \"" + schema
                + "\".\"schema_migrations\" (version bigint not null primary key, dirty boolean not null);\n";
    }

    private static String atlasTable(String schema) {
        return """
                CREATE SCHEMA "%1$s";
                CREATE TABLE "%1$s"."atlas_schema_revisions" ("version" character varying NOT NULL,
                  "description" character varying NOT NULL, "type" bigint NOT NULL DEFAULT 2,
                  "applied" bigint NOT NULL DEFAULT 0, "total" bigint NOT NULL DEFAULT 0,
                  "executed_at" timestamptz NOT NULL, "execution_time" bigint NOT NULL, "error" text NULL,
                  "error_stmt" text NULL, "hash" character varying NOT NULL, "partial_hashes" jsonb NULL,
                  "operator_version" character varying NOT NULL, PRIMARY KEY ("version"));
                """.formatted(schema);
    }

    private static final String PGROLL_TABLE = """
            CREATE SCHEMA IF NOT EXISTS pgroll;
            CREATE TABLE IF NOT EXISTS pgroll.migrations (
                schema NAME NOT NULL,
                name text NOT NULL,
                migration jsonb NOT NULL,
                created_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
                updated_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
                parent text,
                done boolean NOT NULL DEFAULT FALSE,
                resulting_schema jsonb NOT NULL DEFAULT '{}'::jsonb,
                migration_type varchar(32) DEFAULT 'pgroll'
                    CONSTRAINT migration_type_check CHECK (migration_type IN ('pgroll', 'inferred', 'baseline')),
                PRIMARY KEY (schema, name),
                FOREIGN KEY (schema, parent) REFERENCES pgroll.migrations (schema, name)
            );
            CREATE UNIQUE INDEX IF NOT EXISTS only_one_active ON pgroll.migrations (schema, name, done) WHERE done = FALSE;
            CREATE UNIQUE INDEX IF NOT EXISTS history_is_linear ON pgroll.migrations (schema, parent);
            """;
}
