package dev.warden.checks.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.checks.BlockedThreadWarnings;
import dev.warden.checks.CheckResult;
import dev.warden.checks.CheckStatus;
import dev.warden.checks.EventLoopLag;
import dev.warden.config.CorruptionConfig;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.TestDatabase;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 12 point 5: on a database of 10,000 tables the corruption check held the event loop for
 * seconds and died of a StackOverflowError (one future per relation). Now successive runs must cover
 * every relation, each run within its budget, and no event loop may be held for 100 ms.
 */
@ExtendWith(PostgresExtension.class)
class CorruptionCheckAtScaleTest {
    private static final Logger log = LoggerFactory.getLogger(CorruptionCheckAtScaleTest.class);
    private static final int TABLES = 10_000;
    /** Each CREATE TABLE holds its locks until commit: 1,000 tables a transaction stay well within the lock table. */
    private static final int TABLES_PER_TRANSACTION = 1_000;
    private static final Duration BUDGET = Duration.ofSeconds(1);
    /** A run may pass its budget by the last statement's reply and judging, not by another statement. */
    private static final Duration OVERRUN = Duration.ofMillis(500);
    private static final int MAX_RUNS = 100;
    private static final String PUBLIC_RELATIONS = """
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i')
            """;

    private static TestDatabase database;

    @BeforeAll
    static void createTables(TestDatabase testDatabase) {
        database = testDatabase;
        database.sql().execute("CREATE EXTENSION amcheck");
        for (int first = 1; first <= TABLES; first += TABLES_PER_TRANSACTION) {
            database.sql().execute("DO $$ BEGIN FOR i IN %d..%d LOOP EXECUTE format('CREATE TABLE t%%s (id int PRIMARY KEY)', i);"
                    .formatted(first, first + TABLES_PER_TRANSACTION - 1) + " END LOOP; END $$");
        }
    }

    @Test
    void shouldCoverTenThousandTablesOverSuccessiveRunsEachWithinItsBudgetWithoutBlockingTheEventLoop() {
        long relations = database.sql().queryLong("SELECT count(*)" + PUBLIC_RELATIONS);
        assertThat(relations).as("tables and their primary keys").isEqualTo(2L * TABLES);
        CorruptionCheck check = new CorruptionCheck(new CorruptionConfig(
                TargetConfigs.DEFAULT_CHECKS.corruption().schedule(), BUDGET));
        List<Run> runs = new ArrayList<>();

        try (CheckHarness harness = new CheckHarness(database, BlockedThreadWarnings.strictOptions())) {
            openConnections(harness);
            try (BlockedThreadWarnings warnings = BlockedThreadWarnings.capture();
                 EventLoopLag lag = EventLoopLag.measure(harness.vertx())) {
                do {
                    runs.add(Run.of(harness, check));
                    assertThat(runs).as("runs to cover %d relations", relations).hasSizeLessThan(MAX_RUNS);
                } while (!runs.get(runs.size() - 1).result().evidence().get("full_passes_completed").equals(1L));

                log.info("{} relations in {} runs of a {} ms budget, longest run {} ms, longest event-loop lag {} ms",
                        relations, runs.size(), BUDGET.toMillis(),
                        runs.stream().mapToLong(Run::millis).max().orElse(0), lag.longestMillis());
                assertThat(warnings.warnings()).as("blocked-thread warnings").isEmpty();
            }
        }
        for (Run run : runs) {
            assertThat(run.result().status()).as(run.result().summary()).isEqualTo(CheckStatus.OK);
            assertThat(run.millis()).as("milliseconds of a run").isLessThanOrEqualTo(BUDGET.plus(OVERRUN).toMillis());
            assertThat(CorruptionCheckTest.checked(run.result())).hasSizeLessThanOrEqualTo(CorruptionCheck.MAX_LISTED);
        }
        assertCoveredOnceInOrder(runs, relations);
    }

    /**
     * A fresh JVM's first connections load and initialise Netty and the pg client on the event loop (a
     * few hundred ms here, once per process, with no Warden code on the stack): they are opened before
     * the capture starts, so that the capture judges the check alone.
     */
    private static void openConnections(CheckHarness harness) {
        Future.all(harness.pool().query("SELECT 1").execute(), harness.pool().query("SELECT 1").execute()).await();
    }

    /** Each run resumes where the previous stopped, and verified exactly the relations in between. */
    private static void assertCoveredOnceInOrder(List<Run> runs, long relations) {
        long resumeAfter = 0;
        long total = 0;
        for (Run run : runs) {
            Map<String, Object> evidence = run.result().evidence();
            long stoppedAt = (Long) evidence.get("stopped_at_oid");
            long thisRun = ((Number) evidence.get("relations_this_run")).longValue();
            assertThat(evidence).containsEntry("resumed_after_oid", resumeAfter)
                    .containsEntry("relations_total", relations).containsEntry("outcomes", Map.of("VERIFIED", thisRun));
            assertThat(thisRun).as("relations after oid %d up to %d", resumeAfter, stoppedAt).isEqualTo(database.sql()
                    .queryLong("SELECT count(*)" + PUBLIC_RELATIONS + " AND c.oid > " + resumeAfter + " AND c.oid <= " + stoppedAt));
            total += thisRun;
            resumeAfter = stoppedAt;
        }
        assertThat(total).isEqualTo(relations);
        assertThat(resumeAfter).as("the last run reached the last relation")
                .isEqualTo(database.sql().queryLong("SELECT max(c.oid::bigint)" + PUBLIC_RELATIONS));
    }

    /** One run's result and how long it took, seen from the caller. */
    private record Run(CheckResult result, long millis) {
        static Run of(CheckHarness harness, CorruptionCheck check) {
            long start = System.nanoTime();
            CheckResult result = harness.run(check);
            return new Run(result, Duration.ofNanos(System.nanoTime() - start).toMillis());
        }
    }
}
