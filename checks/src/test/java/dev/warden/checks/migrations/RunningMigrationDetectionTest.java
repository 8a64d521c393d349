package dev.warden.checks.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.warden.testing.PostgresExtension;
import dev.warden.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Migrations seen while they run: other sessions (plain JDBC connections standing in for the tools)
 * hold advisory locks, run DDL, or lock history tables.
 */
@ExtendWith(PostgresExtension.class)
class RunningMigrationDetectionTest {
    private static TestDatabase database;
    private static WardenConnection warden;
    private static final ExecutorService blockedStatements = Executors.newCachedThreadPool();

    @BeforeAll
    static void createTables(TestDatabase testDatabase) {
        database = testDatabase;
        database.sql().execute("""
                CREATE TABLE schema_migrations (version bigint not null primary key, dirty boolean not null);
                INSERT INTO schema_migrations VALUES (5, true);
                create table "knex_migrations" ("id" serial primary key, "name" varchar(255), "batch" integer,
                    "migration_time" timestamptz);
                create table "knex_migrations_lock" ("index" serial primary key, "is_locked" integer);
                insert into "knex_migrations_lock" ("is_locked") values (0);
                CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY);
                INSERT INTO alembic_version VALUES ('ae1027a6acf');
                CREATE TABLE orders (id bigint PRIMARY KEY);
                CREATE TABLE lock_probe (id int PRIMARY KEY);
                INSERT INTO lock_probe VALUES (1);
                """);
        warden = new WardenConnection(database);
    }

    @AfterAll
    static void close() {
        blockedStatements.shutdownNow();
        warden.close();
    }

    @Test
    void shouldAttributeGolangMigrateAdvisoryLockAndTreatDirtyAsRunning() throws SQLException {
        long key = AdvisoryLockKeys.golangMigrate(database.name(), "public", "schema_migrations");
        try (Connection tool = database.sql().connect()) {
            int pid = pid(tool);
            run(tool, "SELECT pg_advisory_lock(" + key + ")");

            MigrationHistory history = warden.read();

            assertThat(history.running()).singleElement().satisfies(r -> {
                assertThat(r.tool()).isEqualTo(MigrationTools.GOLANG_MIGRATE);
                assertThat(r.pid()).isEqualTo(pid);
                assertThat(r.source()).isEqualTo(RunningMigration.Source.ADVISORY_LOCK);
                assertThat(r.waiting()).isFalse();
                assertThat(r.statementPreview()).isEqualTo("SELECT pg_advisory_lock(" + key + ")");
            });
            assertThat(history.failed()).isEmpty();
        }
        MigrationHistory afterwards = warden.read();
        assertThat(afterwards.running()).isEmpty();
        assertThat(afterwards.failed()).extracting(MigrationRecord::state).containsExactly(MigrationState.DIRTY);
    }

    @Test
    void shouldAttributePrismaFixedKeyEvenBeforeItsTableExists() throws SQLException {
        try (Connection tool = database.sql().connect()) {
            run(tool, "SELECT pg_advisory_lock(72707369)");

            assertThat(warden.read().running()).singleElement().satisfies(r -> {
                assertThat(r.tool()).isEqualTo(MigrationTools.PRISMA);
                assertThat(r.source()).isEqualTo(RunningMigration.Source.ADVISORY_LOCK);
            });
        }
    }

    @Test
    void shouldAttributeUnknownAdvisoryLockOnlyWhenTheSessionTouchesAToolTable() throws SQLException {
        try (Connection knex = database.sql().connect(); Connection application = database.sql().connect()) {
            run(knex, "SELECT pg_advisory_lock(4242)");
            run(knex, "SELECT count(*) FROM knex_migrations");
            run(application, "SELECT pg_advisory_lock(4343)");
            run(application, "SELECT 1");

            assertThat(warden.read().running()).singleElement().satisfies(r -> {
                assertThat(r.tool()).isEqualTo(MigrationTools.KNEX);
                assertThat(r.pid()).isEqualTo(pid(knex));
                assertThat(r.source()).isEqualTo(RunningMigration.Source.ADVISORY_LOCK);
            });
        }
    }

    @Test
    void shouldReportAlterTableBlockedByALockAsDdlActivity() throws Exception {
        try (Connection reader = database.sql().connect(); Connection migration = database.sql().connect()) {
            reader.setAutoCommit(false);
            run(reader, "SELECT * FROM orders");
            int pid = pid(migration);
            var alter = blockedStatements.submit(() -> run(migration, "ALTER TABLE orders ADD COLUMN note text"));
            awaitWaiting(pid);

            MigrationHistory history = warden.read();

            assertThat(history.running()).singleElement().satisfies(r -> {
                assertThat(r.tool()).isNull();
                assertThat(r.pid()).isEqualTo(pid);
                assertThat(r.source()).isEqualTo(RunningMigration.Source.DDL_ACTIVITY);
                assertThat(r.waiting()).isTrue();
                assertThat(r.statementPreview()).isEqualTo("ALTER TABLE orders ADD COLUMN note text");
                assertThat(r.startedAt()).isNotNull();
            });
            assertThat(history.skipped()).isEmpty();
            reader.rollback();
            alter.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldSkipHistoryTableWhoseAccessExclusiveLockIsGranted() throws SQLException {
        try (Connection migration = database.sql().connect()) {
            int pid = pid(migration);
            migration.setAutoCommit(false);
            run(migration, "LOCK TABLE knex_migrations IN ACCESS EXCLUSIVE MODE");

            MigrationHistory history = warden.read();

            assertThat(history.skipped()).singleElement().satisfies(s -> {
                assertThat(s.tool()).isEqualTo(MigrationTools.KNEX);
                assertThat(s.reason()).isEqualTo(SkippedTable.Reason.ACCESS_EXCLUSIVE_LOCK);
                assertThat(s.blockingPid()).isEqualTo(pid);
                assertThat(s.detail()).isEqualTo("AccessExclusiveLock held by pid " + pid);
            });
            assertThat(history.records(MigrationTools.KNEX)).isEmpty();
            assertThat(history.records(MigrationTools.ALEMBIC)).hasSize(1);
            assertThat(history.migrationInProgress()).isTrue();
            // The locking session is in a transaction whose last statement is DDL on Knex's table.
            assertThat(history.running()).singleElement().satisfies(r -> {
                assertThat(r.tool()).isEqualTo(MigrationTools.KNEX);
                assertThat(r.pid()).isEqualTo(pid);
                assertThat(r.source()).isEqualTo(RunningMigration.Source.DDL_ACTIVITY);
            });
            migration.rollback();
        }
    }

    @Test
    void shouldSkipHistoryTableWhenAnAccessExclusiveLockIsWaitingForIt() throws Exception {
        try (Connection reader = database.sql().connect(); Connection migration = database.sql().connect()) {
            reader.setAutoCommit(false);
            run(reader, "SELECT * FROM alembic_version");
            int pid = pid(migration);
            var alter = blockedStatements.submit(() -> run(migration, "ALTER TABLE alembic_version ADD COLUMN note text"));
            awaitWaiting(pid);

            MigrationHistory history = warden.read();

            // Reading would have queued behind the waiting ALTER and timed out: LOCK_TIMEOUT, not this.
            assertThat(history.skipped()).singleElement().satisfies(s -> {
                assertThat(s.tool()).isEqualTo(MigrationTools.ALEMBIC);
                assertThat(s.reason()).isEqualTo(SkippedTable.Reason.ACCESS_EXCLUSIVE_LOCK);
                assertThat(s.detail()).isEqualTo("AccessExclusiveLock awaited by pid " + pid);
            });
            assertThat(history.running()).singleElement().satisfies(r -> {
                assertThat(r.tool()).isEqualTo(MigrationTools.ALEMBIC);
                assertThat(r.waiting()).isTrue();
            });
            reader.rollback();
            alter.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldSkipTableWhenItsReadHitsLockTimeout() throws SQLException {
        try (Connection other = database.sql().connect()) {
            other.setAutoCommit(false);
            run(other, "UPDATE lock_probe SET id = 1");

            MigrationHistory history = warden.read(List.of(probe("SELECT id FROM lock_probe FOR UPDATE")));

            assertThat(history.skipped()).singleElement().satisfies(s -> {
                assertThat(s.reason()).isEqualTo(SkippedTable.Reason.LOCK_TIMEOUT);
                assertThat(s.detail()).startsWith("55P03");
            });
            other.rollback();
        }
    }

    @Test
    void shouldSkipTableWhenItsReadIsCancelled() {
        MigrationHistory history = warden.read(List.of(probe("SELECT pg_cancel_backend(pg_backend_pid()), pg_sleep(5)")));

        assertThat(history.skipped()).singleElement()
                .satisfies(s -> assertThat(s.reason()).isEqualTo(SkippedTable.Reason.STATEMENT_TIMEOUT));
    }

    @Test
    void shouldFailOnOtherSqlErrors() {
        assertThatThrownBy(() -> warden.read(List.of(probe("SELECT 1 / 0")))).hasMessageContaining("division by zero");
    }

    /** An adapter for lock_probe whose read runs the given statement. */
    private static MigrationHistoryAdapter probe(String sql) {
        return new MigrationHistoryAdapter() {
            @Override
            public String tool() {
                return "probe";
            }

            @Override
            public String tableName() {
                return "lock_probe";
            }

            @Override
            public boolean recognises(CatalogTable table) {
                return true;
            }

            @Override
            public Future<HistoryReading> read(SqlClient client, HistoryTable table, int limit) {
                return client.preparedQuery(sql).execute().map(rows -> HistoryReading.of(List.of()));
            }
        };
    }

    private static void awaitWaiting(int pid) {
        await().atMost(Duration.ofSeconds(10)).until(() -> database.sql().queryLong(
                "SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid + " AND wait_event_type = 'Lock'") == 1);
    }

    private static int pid(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT pg_backend_pid()")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static Void run(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        return null;
    }
}
