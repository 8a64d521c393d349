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
 * A run that was under way when a rollback of its target ended looked at the database the rollback
 * replaced: the judge shows its result but does not decide on it (the CI run where a breach read before
 * a branch swap, decided on after the incident closed, started a second rollback). Runs begun after the
 * rollback are decided on as ever.
 */
@ExtendWith(PostgresExtension.class)
class AfterRollbacksTest {

    @Test
    void shouldNotDecideOnARunUnderWayWhenARollbackOfItsTargetEnded(PostgresServer server) {
        TestDatabase target = server.createDatabase("after_rollback_target");
        TestDatabase stateDatabase = server.createDatabase("after_rollback_state");
        TargetConfig config = ConfigLoader.parse("""
                state: {url: "%s"}
                targets:
                  - name: shop
                    url: "%s"
                    snapshots: {schedule: "off"}
                    checks:
                      corruption: {enabled: false}
                      schema_drift: {enabled: false}
                      row_count_drift: {enabled: false}
                      migration_duration: {enabled: false}
                      lock_waits: {enabled: false}
                      canary_queries:
                        queries:
                          - {name: slow, sql: "SELECT 1 FROM pg_sleep(2)", expected_value: "1"}
                """.formatted(stateDatabase.uri(), target.uri()), "test", Map.of()).targets().get(0);
        Vertx vertx = Vertx.vertx();
        Pool pool = Connections.pool(vertx, config.name(), config.connection(), config.session());
        StateStore state = StateStore.open(vertx, PostgresUri.parse(stateDatabase.uri(), Map.of()), false);
        AfterRollbacks afterRollbacks = new AfterRollbacks();
        // What the judge would decide on: the results of runs no rollback overtook.
        List<CheckResult> decidedOn = new CopyOnWriteArrayList<>();
        ResultListener judge = (name, result, took) -> {
            if (!afterRollbacks.overtook(name, took)) {
                decidedOn.add(result);
            }
        };
        try {
            // Open before the runs, so that closing it at the end does not race its schema set-up.
            state.ready().await();
            WardenMetrics metrics = new WardenMetrics(Version.current());
            SnapshotService snapshots = new SnapshotService(vertx, config, pool, new SnapshotStore(state),
                    new SnapshotMetrics(metrics, Clock.systemUTC()), Clock.systemUTC(), SnapshotTaint.NONE);
            TargetChecks checks = new TargetChecks(vertx, config, pool, state, snapshots, judge, metrics,
                    Clock.systemUTC(), Repetition.CYCLES, ActivitySource.direct());

            var straddling = checks.runAll();
            await().atMost(Duration.ofSeconds(60)).until(() -> target.sql().queryLong(
                    "SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT 1 FROM pg_sleep(2)'") == 1);
            afterRollbacks.rollbackEnded("shop");
            assertThat(straddling.await()).extracting(CheckResult::check).contains("canary_queries");
            assertThat(decidedOn).as("results to decide on: the quick checks had ended before the rollback did")
                    .extracting(CheckResult::check).isNotEmpty().doesNotContain("canary_queries");
            decidedOn.clear();

            afterRollbacks.rollbackEnded("another target");
            checks.runAll().await();
            assertThat(decidedOn).as("results of a run begun after it, and after another target's rollback")
                    .extracting(CheckResult::check)
                    .contains("canary_queries");
        } finally {
            state.close().await();
            vertx.close().await();
        }
    }
}
