package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.testing.EmbeddedServer;
import dev.warden.testing.PostgresServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, point 1 (a): Warden SIGKILLed between deciding and rolling back. The
 * WARDEN_TEST_HALT_BEFORE failpoint holds the process where the decision is stored but its rollback
 * not journaled, or journaled as planned and not started; the restarted process must carry the
 * decision out, or end it with why when it no longer applies, and never leave a plan in front of
 * the incident.
 */
class InterruptedDecisionTest {
    private static final Path WORK = PostgresServer.workDirectory().resolve("interrupted-" + ProcessHandle.current().pid());
    private static final int ROWS = 5_000;
    private static EmbeddedServer server;
    private static int databases;

    @BeforeAll
    static void startServer() {
        server = EmbeddedServer.start(WORK.resolve("pg"), EmbeddedServer.CLASSPATH_MAJOR);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void shouldCarryOutADecisionWhoseRollbackWasNeverJournaled() throws Exception {
        DecidedRollbackScene scene = killedAt("journaling");
        try (WardenProcess successor = scene.startWarden()) {
            JsonObject rollback = scene.awaitRollbackEnded(successor);
            scene.awaitDecisionsSettled(successor);
            scene.assertRestored(rollback, successor.output());
            assertThat(successor.terminate(Duration.ofSeconds(30))).isZero();
        }
        scene.drop();
    }

    @Test
    void shouldStartARollbackPlannedAndNeverStarted() throws Exception {
        DecidedRollbackScene scene = killedAt("starting");
        try (WardenProcess successor = scene.startWarden()) {
            JsonObject rollback = scene.awaitRollbackEnded(successor);
            scene.awaitDecisionsSettled(successor);
            scene.assertRestored(rollback, successor.output());
            assertThat(successor.output()).contains("was planned and never started (its Warden stopped); carrying it out");
            assertThat(successor.terminate(Duration.ofSeconds(30))).isZero();
        }
        scene.drop();
    }

    @Test
    void shouldEndAPlanNeverStartedWithWhyWhenTheTargetRecoveredMeanwhile() throws Exception {
        DecidedRollbackScene scene = killedAt("starting");
        scene.target().execute("INSERT INTO orders SELECT i, 'put back by hand' FROM generate_series(1, " + ROWS * 2 / 5
                + ") i");
        try (WardenProcess successor = scene.startWarden()) {
            JsonObject rollback = scene.awaitRollbackEnded(successor);
            assertThat(rollback.getString("status")).as(rollback.encodePrettily()).isEqualTo("failed");
            assertThat(rollback.getString("outcome")).startsWith("not started: the target recovered: check"
                    + " row_count_drift passes on shop").endsWith("; nothing was changed");
            scene.awaitDecisionsSettled(successor);
            assertThat(scene.state().queryColumn("SELECT outcome || ': ' || outcome_detail FROM warden.decisions"
                    + " WHERE rollback_id = '" + rollback.getString("id") + "' ORDER BY decided_at LIMIT 1"))
                    .singleElement().asString().startsWith("not_acted: not acted: the target recovered")
                    .endsWith("rollback " + rollback.getString("id") + " was never started");
            assertThat(scene.target().queryLong("SELECT count(*) FROM orders")).isEqualTo(ROWS);
            assertThat(successor.terminate(Duration.ofSeconds(30))).isZero();
        }
        scene.drop();
    }

    /** A scene whose first Warden decided on the row loss and was SIGKILLed at the failpoint {@code point}. */
    private static DecidedRollbackScene killedAt(String point) throws Exception {
        DecidedRollbackScene scene = DecidedRollbackScene.create(server, WORK, "interrupted_" + (++databases),
                "full_rollback", ROWS);
        try (WardenProcess doomed = scene.startWarden(Map.of("WARDEN_TEST_HALT_BEFORE", point))) {
            scene.snapshot(doomed);
            scene.deleteRows();
            await().atMost(Duration.ofSeconds(90)).until(() -> doomed.output().contains("failpoint: halted before " + point));
            doomed.kill();
        }
        return scene;
    }
}
