package dev.warden.daemon.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.checks.CheckResult;
import dev.warden.checks.activity.ActivitySource;
import dev.warden.checks.builtin.Repetition;
import dev.warden.config.ConfigLoader;
import dev.warden.config.PostgresUri;
import dev.warden.config.TargetConfig;
import dev.warden.daemon.Version;
import dev.warden.daemon.metrics.WardenMetrics;
import dev.warden.daemon.snapshot.SnapshotMetrics;
import dev.warden.daemon.snapshot.SnapshotService;
import dev.warden.daemon.snapshot.SnapshotStore;
import dev.warden.daemon.snapshot.SnapshotTaint;
import dev.warden.daemon.state.StateStore;
import dev.warden.postgres.Connections;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.PostgresServer;
import dev.warden.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A run that ends after Warden stopped watching its target (Warden stops, or another node takes the
 * target) reaches no listener: its failure is Warden closing the pool, and its verdict belongs to whoever
 * watches next. Judged, every restart would page "could not tell".
 */
@ExtendWith(PostgresExtension.class)
class StoppedWatchingTest {

    @Test
    void shouldNotJudgeARunThatFailsBecauseWardenClosedItsPool(PostgresServer server) {
        TestDatabase target = server.createDatabase("stopping_target");
        TestDatabase stateDatabase = server.createDatabase("stopping_state");
        TargetConfig config = ConfigLoader.parse("""
                state: {url: "%s"}
                targets:
                  - name: shop
                    url: "%s"
                    snapshots: {schedule: "off"}
                    checks:
                      canary_queries:
                        queries:
                          - {name: slow, sql: "SELECT pg_sleep(60)", expected_value: ""}
                """.formatted(stateDatabase.uri(), target.uri()), "test", Map.of()).targets().get(0);
        Vertx vertx = Vertx.vertx();
        Pool pool = Connections.pool(vertx, config.name(), config.connection(), config.session());
        StateStore state = StateStore.open(vertx, PostgresUri.parse(stateDatabase.uri(), Map.of()), false);
        List<CheckResult> judged = new CopyOnWriteArrayList<>();
        try {
            WardenMetrics metrics = new WardenMetrics(Version.current());
            SnapshotService snapshots = new SnapshotService(vertx, config, pool, new SnapshotStore(state),
                    new SnapshotMetrics(metrics, Clock.systemUTC()), Clock.systemUTC(), SnapshotTaint.NONE);
            TargetChecks checks = new TargetChecks(vertx, config, pool, state, snapshots,
                    (name, result, took) -> judged.add(result), metrics, Clock.systemUTC(), Repetition.CYCLES,
                    ActivitySource.direct());

            var run = checks.runAll();
            await().atMost(Duration.ofSeconds(60)).until(() -> target.sql().queryLong(
                    "SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(60)'") == 1);
            checks.stopWatching();
            pool.close().await();
            List<CheckResult> ended = run.await();

            // The caller of the run still hears how it ended (here the canary's own statement timeout).
            assertThat(ended).extracting(CheckResult::check).contains("canary_queries");
            assertThat(judged).as("results that reached the judge").noneMatch(r -> r.check().equals("canary_queries"));
            assertThat(checks.latest()).doesNotContainKey("canary_queries");
        } finally {
            state.close().await();
            vertx.close().await();
        }
    }
}
