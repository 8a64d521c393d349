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

/** Prisma, Knex, Sequelize and Drizzle: the tables and rows each tool creates, made by hand. */
@ExtendWith(PostgresExtension.class)
class JavaScriptToolsHistoryTest {
    private static WardenConnection warden;
    private static MigrationHistory history;

    @BeforeAll
    static void createHistories(TestDatabase database) {
        database.sql().execute(prismaTable("public") + """
                INSERT INTO public._prisma_migrations
                       (id, checksum, migration_name, started_at, finished_at, rolled_back_at, logs, applied_steps_count) VALUES
                  ('a1', 'c1', '20240101000000_init', '2024-01-01 10:00:00+00', '2024-01-01 10:00:02+00', NULL, NULL, 1),
                  ('a2', 'c2', '20240102000000_add_email', '2024-01-02 10:00:00+00', NULL, '2024-01-02 11:00:00+00',
                   'Database error code: 42703', 0),
                  ('a3', 'c2', '20240102000000_add_email', '2024-01-02 12:00:00+00', '2024-01-02 12:00:01.5+00', NULL, NULL, 1),
                  ('a4', 'c4', '20240103000000_add_index', '2024-01-03 10:00:00+00', NULL, NULL,
                   'Database error code: 42P07', 0);
                """ + prismaTable("tenant_a") + """
                INSERT INTO tenant_a._prisma_migrations (id, checksum, migration_name, started_at) VALUES
                  ('b1', 'c9', '20240104000000_backfill', '2024-01-04 10:00:00+00');
                """ + knexTables("app") + """
                INSERT INTO app.knex_migrations (name, batch, migration_time) VALUES
                  ('20240101_create_users.js', 1, '2024-01-01 10:00:00+00'),
                  ('20240102_create_orders.js', 1, '2024-01-01 10:00:01+00'),
                  ('20240103_add_status.js', 2, '2024-01-05 09:00:00+00');
                UPDATE app.knex_migrations_lock SET is_locked = 1;
                """ + knexTables("public") + """
                INSERT INTO public.knex_migrations (name, batch, migration_time) VALUES ('init.js', 1, now());
                CREATE TABLE IF NOT EXISTS "SequelizeMeta" ("name" VARCHAR(255) NOT NULL UNIQUE , PRIMARY KEY ("name"));
                INSERT INTO "SequelizeMeta" (name) VALUES
                  ('20240101093000-create-user.js'), ('20240201093000-create-post.js');
                CREATE SCHEMA IF NOT EXISTS "drizzle";
                CREATE TABLE IF NOT EXISTS "drizzle"."__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint);
                INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES
                  ('9f2c6a0e1b', 1704103200000), ('4be1d77c03', 1706781600000);
                """);
        warden = new WardenConnection(database);
        history = warden.read();
    }

    @AfterAll
    static void close() {
        warden.close();
    }

    @Test
    void shouldNormalisePrismaAppliedFailedAndRolledBackMigrations() {
        List<MigrationRecord> records = recordsIn(MigrationTools.PRISMA, "public");

        assertThat(records).extracting(MigrationRecord::version, MigrationRecord::state).containsExactly(
                tuple("20240103000000_add_index", MigrationState.FAILED),
                tuple("20240102000000_add_email", MigrationState.APPLIED),
                tuple("20240102000000_add_email", MigrationState.ROLLED_BACK),
                tuple("20240101000000_init", MigrationState.APPLIED));
        assertThat(records.get(3).appliedAt()).isEqualTo(Instant.parse("2024-01-01T10:00:02Z"));
        assertThat(records.get(3).duration()).isEqualTo(Duration.ofSeconds(2));
        assertThat(records.get(1).duration()).isEqualTo(Duration.ofMillis(1500));
        assertThat(records.get(0).appliedAt()).isEqualTo(Instant.parse("2024-01-03T10:00:00Z"));
        assertThat(records.get(0).duration()).isNull();
        assertThat(history.failed()).filteredOn(r -> r.tool().equals(MigrationTools.PRISMA))
                .extracting(MigrationRecord::version).containsExactly("20240103000000_add_index");
    }

    @Test
    void shouldReportPrismaRowWithoutFinishOrLogsAsRunning() {
        assertThat(recordsIn(MigrationTools.PRISMA, "tenant_a")).extracting(MigrationRecord::state)
                .containsExactly(MigrationState.RUNNING);
        assertThat(history.running()).filteredOn(r -> MigrationTools.PRISMA.equals(r.tool())).singleElement()
                .satisfies(r -> {
                    assertThat(r.source()).isEqualTo(RunningMigration.Source.HISTORY_ROW);
                    assertThat(r.startedAt()).isEqualTo(Instant.parse("2024-01-04T10:00:00Z"));
                    assertThat(r.statementPreview()).isEqualTo("20240104000000_backfill");
                    assertThat(r.pid()).isNull();
                });
    }

    @Test
    void shouldReadKnexMigrationsInNonPublicSchemaAndSeeItsLock() {
        assertThat(recordsIn(MigrationTools.KNEX, "app")).extracting(MigrationRecord::version, MigrationRecord::appliedAt)
                .containsExactly(tuple("20240103_add_status.js", Instant.parse("2024-01-05T09:00:00Z")),
                        tuple("20240102_create_orders.js", Instant.parse("2024-01-01T10:00:01Z")),
                        tuple("20240101_create_users.js", Instant.parse("2024-01-01T10:00:00Z")));
        assertThat(recordsIn(MigrationTools.KNEX, "public")).extracting(MigrationRecord::version).containsExactly("init.js");
        // Only app's lock row says locked; public's says 0.
        assertThat(history.running()).filteredOn(r -> MigrationTools.KNEX.equals(r.tool())).singleElement()
                .satisfies(r -> {
                    assertThat(r.source()).isEqualTo(RunningMigration.Source.LOCK_TABLE);
                    assertThat(r.statementPreview()).isEqualTo("knex_migrations_lock.is_locked = 1");
                });
    }

    @Test
    void shouldReadSequelizeMigrationNamesNewestFirst() {
        assertThat(recordsIn(MigrationTools.SEQUELIZE, "public"))
                .extracting(MigrationRecord::version, MigrationRecord::appliedAt, MigrationRecord::state)
                .containsExactly(tuple("20240201093000-create-post.js", null, MigrationState.APPLIED),
                        tuple("20240101093000-create-user.js", null, MigrationState.APPLIED));
    }

    @Test
    void shouldReadDrizzleJournalTimestampsAsVersions() {
        assertThat(recordsIn(MigrationTools.DRIZZLE, "drizzle"))
                .extracting(MigrationRecord::version, MigrationRecord::name, MigrationRecord::appliedAt)
                .containsExactly(tuple("1706781600000", "4be1d77c03", null), tuple("1704103200000", "9f2c6a0e1b", null));
    }

    @Test
    void shouldFindEveryToolAndTheLatestMigration() {
        assertThat(history.tools()).containsExactlyInAnyOrder(MigrationTools.PRISMA, MigrationTools.KNEX,
                MigrationTools.SEQUELIZE, MigrationTools.DRIZZLE);
        assertThat(history.skipped()).isEmpty();
        assertThat(history.latest()).get().extracting(MigrationRecord::tool, MigrationRecord::version)
                .containsExactly(MigrationTools.KNEX, "init.js");
    }

    private static List<MigrationRecord> recordsIn(String tool, String schema) {
        return history.records(tool).stream().filter(r -> r.schema().equals(schema)).toList();
    }

    private static String prismaTable(String schema) {
        return """
                CREATE SCHEMA IF NOT EXISTS %1$s;
                CREATE TABLE %1$s."_prisma_migrations" (
                    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
                    "checksum"              VARCHAR(64) NOT NULL,
                    "finished_at"           TIMESTAMPTZ,
                    "migration_name"        VARCHAR(255) NOT NULL,
                    "logs"                  TEXT,
                    "rolled_back_at"        TIMESTAMPTZ,
                    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
                    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
                );
                """.formatted(schema);
    }

    private static String knexTables(String schema) {
        return """
                CREATE SCHEMA IF NOT EXISTS %1$s;
                create table %1$s."knex_migrations" ("id" serial primary key, "name" varchar(255), "batch" integer,
                    "migration_time" timestamptz);
                create table %1$s."knex_migrations_lock" ("index" serial primary key, "is_locked" integer);
                insert into %1$s."knex_migrations_lock" ("is_locked") values (0);
                """.formatted(schema);
    }
}
