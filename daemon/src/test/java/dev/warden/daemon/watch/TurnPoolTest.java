package dev.warden.daemon.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.checks.CheckContext;
import dev.warden.checks.CheckResult;
import dev.warden.checks.CheckRunner;
import dev.warden.checks.CheckStatus;
import dev.warden.checks.builtin.InvalidIndexesCheck;
import dev.warden.checks.schema.SchemaFilter;
import dev.warden.config.ConfigLoader;
import dev.warden.config.TargetConfig;
import dev.warden.postgres.Connections;
import dev.warden.postgres.ServerConnections;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 14: targets that take turns on a server's connections. Room for one target's connection at a
 * time: closing a target while it waits for its turn, or while it holds it, completes at once and lets
 * the next one in (the earlier attempt hung there); an idle turn stays open until another target waits;
 * a check that gets no turn in time is inconclusive.
 */
@ExtendWith(PostgresExtension.class)
class TurnPoolTest {
    private final Vertx vertx = Vertx.vertx();
    private final ServerConnections server = new ServerConnections(vertx, "test-server", 1, 6);

    @AfterEach
    void close() throws Exception {
        vertx.close().await(30, TimeUnit.SECONDS);
    }

    @Test
    @Timeout(90)
    void shouldCloseATargetWaitingForItsTurnOrHoldingItAndLetTheNextIn(TestDatabase database) throws Exception {
        Pool holder = pool("holder", database, "10s");
        Pool waiter = pool("waiter", database, "10s");
        Pool next = pool("next", database, "10s");
        assertThat(server.takesTurns()).isTrue();

        Future<?> holding = holder.query("SELECT pg_sleep(15)").execute();
        await().atMost(Duration.ofSeconds(20)).until(() -> holder.size() == 1);
        Future<?> waiting = waiter.query("SELECT 1").execute();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.waiting() == 1);

        Future<Void> waiterClosed = waiter.close();
        await().atMost(Duration.ofSeconds(2)).until(waiterClosed::isComplete);
        assertThat(waiterClosed.succeeded()).isTrue();

        Future<?> afterwards = next.query("SELECT 1").execute();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.waiting() == 2);
        Future<Void> holderClosed = holder.close();
        await().atMost(Duration.ofSeconds(10)).until(holderClosed::isComplete);
        assertThat(holderClosed.succeeded()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> holding.isComplete() && waiting.isComplete()
                && afterwards.isComplete());

        assertThat(holding.failed()).as("the holder's statement ended with its pool").isTrue();
        assertThat(waiting.failed()).as("the closed waiter gave its turn straight back").isTrue();
        assertThat(waiting.cause()).hasMessageContaining("closed while waiting");
        assertThat(afterwards.succeeded()).as("the next target had its turn").isTrue();
        assertThat(server.waiting()).isZero();
        assertThat(server.take(Duration.ofSeconds(1)).await(5, TimeUnit.SECONDS)).as("the permit came back")
                .isNotNull();
        next.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    @Timeout(90)
    void shouldMakeACheckWithoutATurnInTimeInconclusive(TestDatabase database) throws Exception {
        Pool holder = pool("holder", database, "10s");
        Pool late = pool("late", database, "300ms");
        Future<?> holding = holder.query("SELECT pg_sleep(15)").execute();
        await().atMost(Duration.ofSeconds(20)).until(() -> holder.size() == 1);

        CheckResult result = CheckRunner.run(new InvalidIndexesCheck(SchemaFilter.all()),
                CheckContext.of("late", late, vertx), Duration.ofSeconds(20)).await(30, TimeUnit.SECONDS);

        assertThat(result.status()).isEqualTo(CheckStatus.INCONCLUSIVE);
        assertThat(result.summary()).isEqualTo("timed out: no connection to test-server within 300 ms: Warden's"
                + " targets there use all it allows them (connection.server_connections: 1)");
        holder.close().await(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(holding::isComplete);
        late.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    @Timeout(90)
    void shouldKeepAnIdleTurnOpenUntilAnotherTargetWaits(TestDatabase database) throws Exception {
        Pool first = pool("first", database, "10s");
        Pool second = pool("second", database, "10s");

        first.query("SELECT 1").execute().await(20, TimeUnit.SECONDS);
        // Nobody waits: the connection stays open, well past the linger (reconnecting costs the server more).
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> first.size() == 1);
        second.query("SELECT 1").execute().await(20, TimeUnit.SECONDS);

        assertThat(first.size()).as("its idle turn ended for the target that waited").isZero();
        assertThat(second.size()).isEqualTo(1);
        first.close().await(10, TimeUnit.SECONDS);
        second.close().await(10, TimeUnit.SECONDS);
    }

    /** A target of the test database whose turns wait at most {@code connectTimeout}. */
    private Pool pool(String name, TestDatabase database, String connectTimeout) {
        TargetConfig target = ConfigLoader.parse("""
                targets:
                  - name: %s
                    url: "%s"
                    connection: {connect_timeout: %s, server_connections: 1}
                """.formatted(name, database.uri(), connectTimeout), "test", Map.of()).targets().get(0);
        return server.register(Connections.pool(vertx, name, target.connection(), target.session(), server));
    }
}
