package dev.warden.daemon.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.testing.PostgresExtension;
import dev.warden.testing.TestDatabase;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A target's pool on a cluster node: no connection until used, none left once the target is lost, fresh when regained. */
@ExtendWith(PostgresExtension.class)
class OwnedPoolTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close().await();
    }

    @Test
    void shouldCloseItsConnectionsWhenLostAndOpenAFreshPoolWhenUsedAgain(TestDatabase target) {
        AtomicInteger opened = new AtomicInteger();
        OwnedPool pool = new OwnedPool(() -> {
            opened.incrementAndGet();
            return target.wardenPool(vertx);
        });
        assertThat(pool.isOpen()).isFalse();
        assertThat(sessions(target)).as("nothing before the target is gained").isZero();

        assertThat(pool.query("SELECT 1").execute().await().iterator().next().getInteger(0)).isEqualTo(1);
        assertThat(sessions(target)).isEqualTo(1);

        pool.close().await();
        assertThat(pool.isOpen()).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> sessions(target) == 0);

        assertThat(pool.preparedQuery("SELECT 2").execute().await().iterator().next().getInteger(0)).isEqualTo(2);
        assertThat(opened).as("a fresh pool for the target gained again").hasValue(2);
        assertThat(sessions(target)).isEqualTo(1);
        pool.close().await();
    }

    private static long sessions(TestDatabase target) {
        return target.sql().queryLong("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'warden'"
                + " AND datname = current_database()");
    }
}
