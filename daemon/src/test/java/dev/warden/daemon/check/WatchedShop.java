package dev.warden.daemon.check;

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
import dev.warden.testing.PostgresServer;
import dev.warden.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.Map;

/**
 * One target, "shop", with its scheduled checks as the daemon builds them (snapshots off), its results
 * going to {@code listener}: for tests of what happens to a run around the target's pool or rollbacks.
 */
final class WatchedShop implements AutoCloseable {
    final TestDatabase target;
    final Pool pool;
    final TargetChecks checks;
    private final Vertx vertx = Vertx.vertx();
    private final StateStore state;

    /** @param checksYaml the target's {@code checks:} mapping, indented as its first line is */
    WatchedShop(PostgresServer server, String prefix, String checksYaml, ResultListener listener) {
        target = server.createDatabase(prefix + "_target");
        TestDatabase stateDatabase = server.createDatabase(prefix + "_state");
        TargetConfig config = ConfigLoader.parse("""
                state: {url: "%s"}
                targets:
                  - name: shop
                    url: "%s"
                    snapshots: {schedule: "off"}
                    checks:
                %s""".formatted(stateDatabase.uri(), target.uri(), checksYaml), "test", Map.of()).targets().get(0);
        pool = Connections.pool(vertx, config.name(), config.connection(), config.session());
        state = StateStore.open(vertx, PostgresUri.parse(stateDatabase.uri(), Map.of()), false);
        // Open before the runs, so that closing it at the end does not race its schema set-up.
        state.ready().await();
        WardenMetrics metrics = new WardenMetrics(Version.current());
        SnapshotService snapshots = new SnapshotService(vertx, config, pool, new SnapshotStore(state),
                new SnapshotMetrics(metrics, Clock.systemUTC()), Clock.systemUTC(), SnapshotTaint.NONE);
        checks = new TargetChecks(vertx, config, pool, state, snapshots, listener, metrics, Clock.systemUTC(),
                Repetition.CYCLES, ActivitySource.direct());
    }

    @Override
    public void close() {
        state.close().await();
        vertx.close().await();
    }
}
