package dev.warden.rollback.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.ErrorCode;
import dev.warden.WardenException;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.Sql;
import dev.warden.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class FenceTest {
    private static TestDatabase db;
    private static Vertx one;
    private static Vertx two;

    @BeforeAll
    static void setUp(TestDatabase database) {
        db = database;
        one = Vertx.vertx();
        two = Vertx.vertx();
    }

    @AfterAll
    static void tearDown() {
        one.close().await();
        two.close().await();
    }

    @Test
    void shouldLetExactlyOneOfTwoWardensTakeTheFence() {
        Future<Fence> first = Fence.acquire(one, "shop", target());
        Future<Fence> second = Fence.acquire(two, "shop", target());
        Future.join(first, second).otherwiseEmpty().await();

        List<Future<Fence>> won = List.of(first, second).stream().filter(Future::succeeded).toList();
        List<Future<Fence>> lost = List.of(first, second).stream().filter(Future::failed).toList();
        assertThat(won).hasSize(1);
        assertThat(lost).hasSize(1);
        Fence winner = won.get(0).result();
        assertThat(lost.get(0).cause()).isInstanceOfSatisfying(WardenException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.BUSY);
            assertThat(e.getMessage()).contains("another Warden is already rolling back target shop")
                    .contains("held by backend " + winner.pid()).contains("warden-rollback-fence");
        });

        winner.release().await();
        Fence next = (winner == first.result() ? Fence.acquire(two, "shop", target()) : Fence.acquire(one, "shop", target()))
                .await();
        next.release().await();
    }

    @Test
    void shouldHoldTheLockOnTheMaintenanceDatabaseNotOnTheTarget() {
        Fence fence = Fence.acquire(one, "shop", target()).await();
        try {
            Sql admin = new Sql(db.server().admin());
            long key = Fence.keyFor(db.name());
            assertThat(fence.key()).isEqualTo(key);
            assertThat(admin.queryColumn("SELECT d.datname || ' ' || a.application_name FROM pg_locks l"
                    + " JOIN pg_database d ON d.oid = l.database JOIN pg_stat_activity a ON a.pid = l.pid"
                    + " WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.pid = " + fence.pid()
                    + " AND l.classid::int8 = " + (key >>> 32) + " AND l.objid::int8 = " + (key & 0xFFFF_FFFFL)))
                    .containsExactly("postgres warden-rollback-fence");
            assertThat(admin.queryLong("SELECT count(*) FROM pg_stat_activity WHERE datname = '" + db.name() + "'"))
                    .isZero();
            fence.check().await();
        } finally {
            fence.release().await();
        }
    }

    @Test
    void shouldFailTheCheckOnceTheFenceSessionIsGone() {
        Fence fence = Fence.acquire(one, "shop", target()).await();
        new Sql(db.server().admin()).execute("SELECT pg_terminate_backend(" + fence.pid() + ")");

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThatThrownBy(() -> fence.check().await())
                        .isInstanceOf(WardenException.class)
                        .hasMessageContaining("lost the rollback fence of target shop"));
        fence.release().await();
        Fence.acquire(two, "shop", target()).compose(Fence::release).await();
    }

    @Test
    void shouldDeriveDifferentKeysForDifferentDatabases() {
        assertThat(Fence.keyFor("orders")).isEqualTo(Fence.keyFor("orders")).isNotEqualTo(Fence.keyFor("orders2"));
    }

    private static PgConnectOptions target() {
        return db.address().connectOptions().addProperty("application_name", "warden");
    }
}
