package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.testing.EmbeddedServer;
import dev.warden.testing.PostgresServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Issue 12, point 1: a rollback survives its process dying at any instant. Each run decides an
 * automatic rollback (full_rollback, branch_swap or down_migration, in turn) of a 40% row loss in a
 * critical table, SIGKILLs the real Warden process after
 * a random delay drawn uniformly between 0 and the time an uninterrupted rollback of the same setup
 * takes (measured once per strategy, first), restarts it, and expects the rollback to end succeeded
 * with every row back and writes allowed, the replaced database kept, and one rollback for the
 * incident. Runs: {@code -Dwarden.crash.runs} (default 6), seed: {@code -Dwarden.crash.seed}; both printed.
 * {@code scripts/stress crash [RUNS] [SEED]} runs many.
 */
class RandomKillTest {
    private static final Path WORK = PostgresServer.workDirectory().resolve("random-kill-" + ProcessHandle.current().pid());
    private static final int RUNS = Integer.getInteger("warden.crash.runs", 6);
    private static final long SEED = Long.getLong("warden.crash.seed", System.nanoTime());
    /** The strategies that change data: the two swaps, and a down migration behind a pre-rollback clone. */
    private static final List<String> STRATEGIES = List.of("full_rollback", "branch_swap",
            DecidedRollbackScene.DOWN_MIGRATION);
    private static final int ROWS = 20_000;
    private static final Map<String, Duration> UNINTERRUPTED = new LinkedHashMap<>();
    private static EmbeddedServer server;
    private static int databases;

    @BeforeAll
    static void measureUninterruptedRollbacks() throws Exception {
        server = EmbeddedServer.start(WORK.resolve("pg"), EmbeddedServer.CLASSPATH_MAJOR);
        for (String strategy : STRATEGIES) {
            DecidedRollbackScene scene = scene(strategy);
            try (WardenProcess warden = scene.startWarden()) {
                scene.snapshot(warden);
                scene.deleteRows();
                scene.awaitDecision(warden);
                long decided = System.nanoTime();
                JsonObject rollback = scene.awaitRollbackEnded(warden);
                UNINTERRUPTED.put(strategy, Duration.ofNanos(System.nanoTime() - decided));
                scene.assertRestored(rollback, warden.output());
                assertThat(warden.terminate(Duration.ofSeconds(30))).isZero();
            }
            scene.drop();
        }
        System.out.println("RandomKillTest: uninterrupted rollbacks from the decision to succeeded: " + UNINTERRUPTED);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> shouldRestoreEveryRowWhateverInstantTheProcessIsKilledAt() {
        Random random = new Random(SEED);
        System.out.println("RandomKillTest: seed " + SEED + ", " + RUNS + " run(s)");
        List<DynamicTest> runs = new ArrayList<>();
        for (int i = 1; i <= RUNS; i++) {
            String strategy = STRATEGIES.get(i % STRATEGIES.size());
            long delay = (long) (random.nextDouble() * UNINTERRUPTED.get(strategy).toMillis());
            int run = i;
            runs.add(DynamicTest.dynamicTest("run " + run + ": " + strategy + " killed " + delay + " ms after the decision",
                    () -> killAndRestart(run, strategy, Duration.ofMillis(delay))));
        }
        return runs.stream();
    }

    private static void killAndRestart(int run, String strategy, Duration delay) throws Exception {
        System.out.println("RandomKillTest: run " + run + " (seed " + SEED + "): " + strategy + ", SIGKILL "
                + delay.toMillis() + " ms after the decision");
        DecidedRollbackScene scene = scene(strategy);
        String killed;
        try (WardenProcess doomed = scene.startWarden()) {
            scene.snapshot(doomed);
            scene.deleteRows();
            scene.awaitDecision(doomed);
            // The point of the test: the kill lands at an arbitrary instant of the rollback, not at a condition.
            Thread.sleep(delay.toMillis());
            doomed.kill();
            killed = doomed.output();
        }
        try (WardenProcess successor = scene.startWarden()) {
            JsonObject rollback = scene.awaitRollbackEnded(successor);
            scene.awaitDecisionsSettled(successor);
            scene.assertRestored(rollback, "killed process:\n" + killed + "\nsuccessor:\n" + successor.output());
            assertThat(successor.terminate(Duration.ofSeconds(30))).isZero();
        }
        scene.drop();
    }

    private static DecidedRollbackScene scene(String strategy) throws Exception {
        return DecidedRollbackScene.create(server, WORK, "kill_" + (++databases), strategy, ROWS);
    }
}
