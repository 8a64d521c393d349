package dev.warden.checks.rows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.checks.LockWaitSampler;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The safety rule: Warden never queues behind a migration's lock, because everything that arrives
 * after Warden would then queue behind Warden too.
 */
@ExtendWith(PostgresExtension.class)
class RowCountLockSafetyTest {
    private static final RowCountRequest REQUEST =
            RowCountRequest.critical("lk.critical", "lk.other", "lk.third").withTimeout(Duration.ofSeconds(2));

    private static Vertx vertx;
    private static Pool pool;
    private final TestDatabase database;
    private final ExecutorService background = Executors.newCachedThreadPool();

    RowCountLockSafetyTest(TestDatabase database) {
        this.database = database;
    }

    @BeforeAll
    static void arrange(TestDatabase database) {
        database.sql().execute("""
                CREATE SCHEMA lk;
                CREATE TABLE lk.critical (id int PRIMARY KEY);
                CREATE TABLE lk.other (id int PRIMARY KEY);
                CREATE TABLE lk.third (id int PRIMARY KEY);
                INSERT INTO lk.critical SELECT generate_series(1, 100);
                INSERT INTO lk.other SELECT generate_series(1, 200);
                INSERT INTO lk.third SELECT generate_series(1, 300);
                """);
        vertx = Vertx.vertx();
        pool = database.wardenPool(vertx);
    }

    @AfterAll
    static void close() {
        pool.close().await();
        vertx.close().await();
    }

    @AfterEach
    void stopBackground() {
        background.shutdownNow();
    }

    @Test
    void shouldSkipTableWhenAlterTableHoldsItsLockEvenWithAQueueBehindIt() throws Exception {
        try (Connection migration = database.sql().connect(); Connection queued = database.sql().connect()) {
            migration.setAutoCommit(false);
            migration.createStatement().execute("ALTER TABLE lk.critical ADD COLUMN x int");
            Future<?> victim = background.submit(() -> execute(queued, "SELECT count(*) FROM lk.critical"));
            awaitWaiters("lk.critical", "AccessShareLock");

            assertCountSkipsCriticalWithoutWaiting();

            migration.rollback();
            victim.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldSkipTableWhenAlterTableIsStillWaitingForItsLock() throws Exception {
        try (Connection reader = database.sql().connect(); Connection migration = database.sql().connect()) {
            reader.setAutoCommit(false);
            reader.createStatement().execute("SELECT count(*) FROM lk.critical");
            Future<?> alter = background.submit(() -> execute(migration, "ALTER TABLE lk.critical ADD COLUMN y int"));
            awaitWaiters("lk.critical", "AccessExclusiveLock");

            assertCountSkipsCriticalWithoutWaiting();

            reader.rollback();
            alter.get(10, TimeUnit.SECONDS);
            migration.createStatement().execute("ALTER TABLE lk.critical DROP COLUMN y");
        }
    }

    @Test
    void shouldSkipTableWhenOneOfItsIndexesIsExclusivelyLocked() throws Exception {
        try (Connection migration = database.sql().connect()) {
            migration.setAutoCommit(false);
            migration.createStatement().execute("REINDEX INDEX lk.critical_pkey");

            assertCountSkipsCriticalWithoutWaiting();

            migration.rollback();
        }
    }

    private void assertCountSkipsCriticalWithoutWaiting() throws Exception {
        RowCounts counts;
        long elapsedMs;
        try (LockWaitSampler sampler = LockWaitSampler.start(database.sql())) {
            long start = System.nanoTime();
            counts = RowCounter.count(pool, REQUEST).await();
            elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(sampler.waitingSamples()).as("pg_locks samples with a waiting warden session").isZero();
        }
        assertThat(elapsedMs).as("count duration in ms; a lock wait would last the 1 s lock_timeout").isLessThan(900);
        assertThat(counts.find("lk.critical").orElseThrow())
                .returns(CountStatus.SKIPPED_LOCKED, TableRowCount::status)
                .returns(null, TableRowCount::exactRows);
        assertThat(counts.find("lk.critical").orElseThrow().detail()).contains("AccessExclusiveLock");
        assertThat(counts.find("lk.other").orElseThrow().exactRows()).isEqualTo(200L);
        assertThat(counts.find("lk.third").orElseThrow().exactRows()).isEqualTo(300L);
    }

    private void awaitWaiters(String table, String mode) {
        await().atMost(Duration.ofSeconds(10)).until(() -> database.sql().queryLong("""
                SELECT count(*) FROM pg_locks WHERE relation = '%s'::regclass AND mode = '%s' AND NOT granted
                """.formatted(table, mode)) == 1);
    }

    private static Void execute(Connection connection, String sql) throws SQLException {
        connection.createStatement().execute(sql);
        return null;
    }
}
