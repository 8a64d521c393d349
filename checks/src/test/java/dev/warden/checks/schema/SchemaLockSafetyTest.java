package dev.warden.checks.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.checks.LockWaitSampler;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class SchemaLockSafetyTest {
    private static Vertx vertx;
    private static Pool pool;
    private final TestDatabase database;

    SchemaLockSafetyTest(TestDatabase database) {
        this.database = database;
    }

    @BeforeAll
    static void arrange(TestDatabase database) {
        database.sql().execute("""
                CREATE SCHEMA lk;
                CREATE TABLE lk.orders (id bigint PRIMARY KEY, note text DEFAULT 'none' CHECK (note <> ''));
                CREATE TABLE lk.other (id bigint PRIMARY KEY, ref bigint REFERENCES lk.orders (id));
                CREATE INDEX orders_note_idx ON lk.orders (lower(note));
                CREATE VIEW lk.order_ids AS SELECT id FROM lk.orders;
                CREATE FUNCTION lk.touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
                CREATE TRIGGER orders_touch BEFORE UPDATE ON lk.orders FOR EACH ROW WHEN (NEW.note <> 'x')
                    EXECUTE FUNCTION lk.touch();
                CREATE FUNCTION lk.count_orders() RETURNS bigint LANGUAGE sql
                    BEGIN ATOMIC SELECT count(*) FROM lk.orders; END;
                """);
        vertx = Vertx.vertx();
        pool = database.wardenPool(vertx);
    }

    @AfterAll
    static void close() {
        pool.close().await();
        vertx.close().await();
    }

    @Test
    void shouldSkipEveryObjectThatNeedsARelationAnAlterTableHoldsWithoutWaiting() throws Exception {
        SchemaFingerprint before = SchemaReader.read(pool, SchemaFilter.including("lk")).await();
        try (Connection migration = database.sql().connect()) {
            migration.setAutoCommit(false);
            migration.createStatement().execute("ALTER TABLE lk.orders ADD COLUMN x int");

            SchemaFingerprint during;
            try (LockWaitSampler sampler = LockWaitSampler.start(database.sql())) {
                during = SchemaReader.read(pool, SchemaFilter.including("lk")).await();
                assertThat(sampler.waitingSamples()).as("samples with a waiting warden session").isZero();
            }

            assertThat(during.skipped()).containsExactlyInAnyOrder(
                    "table:lk.orders",
                    "index:lk.orders_pkey",
                    "index:lk.orders_note_idx",
                    "constraint:lk.orders.orders_pkey",
                    "constraint:lk.orders.orders_note_check",
                    "constraint:lk.other.other_ref_fkey",
                    "trigger:lk.orders.orders_touch",
                    "view:lk.order_ids",
                    "function:lk.count_orders()");
            assertThat(during.find(ObjectKind.TABLE, "lk.other")).isPresent();
            assertThat(during.find(ObjectKind.FUNCTION, "lk.touch()")).isPresent();
            assertThat(SchemaDiff.between(before, during)).isEmpty();
            migration.rollback();
        }
        assertThat(SchemaReader.read(pool, SchemaFilter.including("lk")).await().hash()).isEqualTo(before.hash());
    }

    @Test
    void shouldLeaveTheSameObjectsUnreadIncrementallyAsAFullReadWithoutWaiting() throws Exception {
        IncrementalFingerprint incremental = new IncrementalFingerprint(SchemaFilter.including("lk"));
        String before = incremental.refresh(pool, Instant.now()).await().hash();
        try (Connection migration = database.sql().connect()) {
            migration.setAutoCommit(false);
            migration.createStatement().execute("ALTER TABLE lk.orders ADD COLUMN x int");

            LiveSchema during;
            try (LockWaitSampler sampler = LockWaitSampler.start(database.sql())) {
                during = incremental.refresh(pool, Instant.now()).await();
                assertThat(sampler.waitingSamples()).as("samples with a waiting warden session").isZero();
            }

            SchemaFingerprint full = SchemaReader.read(pool, SchemaFilter.including("lk")).await();
            assertThat(during.skipped()).isEqualTo(full.skipped()).contains("table:lk.orders", "view:lk.order_ids");
            assertThat(during.hash()).isEqualTo(full.hash());
            migration.rollback();
        }
        assertThat(incremental.refresh(pool, Instant.now()).await().hash()).isEqualTo(before);
    }

    @Test
    void shouldSkipATableWhoseAlterTableIsStillWaitingForItsLock() throws Exception {
        try (Connection reader = database.sql().connect(); Connection migration = database.sql().connect()) {
            reader.setAutoCommit(false);
            reader.createStatement().execute("SELECT count(*) FROM lk.other");
            Thread alter = new Thread(() -> {
                try {
                    migration.createStatement().execute("ALTER TABLE lk.other ADD COLUMN y int");
                } catch (Exception e) {
                    // cancelled below by closing the connection
                }
            });
            alter.start();
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    database.sql().queryLong("""
                            SELECT count(*) FROM pg_locks WHERE relation = 'lk.other'::regclass
                              AND mode = 'AccessExclusiveLock' AND NOT granted""") == 1);

            SchemaFingerprint during;
            try (LockWaitSampler sampler = LockWaitSampler.start(database.sql())) {
                during = SchemaReader.read(pool, SchemaFilter.including("lk")).await();
                assertThat(sampler.waitingSamples()).isZero();
            }

            assertThat(during.skipped()).contains("table:lk.other", "constraint:lk.other.other_pkey");
            reader.rollback();
            alter.join(10_000);
            migration.createStatement().execute("ALTER TABLE lk.other DROP COLUMN y");
        }
    }

    @Test
    void shouldTakeOneConnectionOfAPoolWhateverTheNumberOfCatalogQueries() {
        // A pool as small as a busy target's share: one connection, one waiter. Side by side on
        // separate connections, the catalog queries would overflow its queue.
        Pool tight = PgBuilder.pool().with(new PoolOptions().setMaxSize(1).setMaxWaitQueueSize(1))
                .connectingTo(database.address().connectOptions()).using(vertx).build();
        try {
            SchemaFingerprint read = SchemaReader.read(tight, SchemaFilter.including("lk")).await();

            assertThat(CatalogQueries.Query.values().length).isGreaterThan(2);
            assertThat(read.objects()).containsKey("table:lk.orders");
        } finally {
            tight.close().await();
        }
    }
}
