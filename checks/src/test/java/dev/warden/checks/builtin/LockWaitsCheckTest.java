package dev.warden.checks.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.warden.checks.CheckResult;
import dev.warden.checks.CheckStatus;
import dev.warden.config.CheckSchedule;
import dev.warden.config.IssueType;
import dev.warden.config.LockWaitsConfig;
import dev.warden.config.Severity;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class LockWaitsCheckTest {
    private static final CheckSchedule SCHEDULE = TargetConfigs.DEFAULT_CHECKS.lockWaits().schedule();

    private static TestDatabase database;
    private static CheckHarness harness;

    @BeforeAll
    static void start(TestDatabase testDatabase) {
        database = testDatabase;
        database.sql().execute("""
                CREATE TABLE accounts (id int PRIMARY KEY, owner text);
                INSERT INTO accounts SELECT g, 'owner ' || g FROM generate_series(1, 100) g;
                CREATE TABLE invoices (id int PRIMARY KEY);
                CREATE TABLE orders (id int PRIMARY KEY);
                """);
        harness = new CheckHarness(testDatabase);
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void shouldBeOkAndMeasureZeroWhenNobodyWaits() {
        CheckResult result = harness.run(new LockWaitsCheck(config(Duration.ofMillis(200), Duration.ofSeconds(1),
                Optional.empty())));

        assertThat(result.status()).isEqualTo(CheckStatus.OK);
        assertThat(result.summary()).isEqualTo("no session waits for a lock");
        assertThat(result.measurements()).containsEntry(LockWaitsCheck.LOCK_WAIT_SECONDS, 0.0)
                .containsEntry(LockWaitsCheck.BLOCKED_SESSIONS, 0.0);
    }

    @Test
    void shouldBreachHighWhenAnAlterTableQueueWaitsBeyondTheCriticalLimit() throws Exception {
        LockWaitsCheck check = new LockWaitsCheck(config(Duration.ofMillis(200), Duration.ofSeconds(1), Optional.empty()));
        try (LockQueueFixture queue = new LockQueueFixture(database, "accounts", 2)) {
            CheckResult result = await().atMost(Duration.ofSeconds(10)).until(() -> harness.run(check),
                    r -> r.severity() == Severity.HIGH);

            assertThat(result.issue()).isEqualTo(IssueType.PERFORMANCE_DEGRADATION);
            assertThat(result.measurements().get(LockWaitsCheck.LOCK_WAIT_SECONDS)).isGreaterThanOrEqualTo(1.0);
            assertThat(result.measurements()).containsEntry(LockWaitsCheck.BLOCKED_SESSIONS, 3.0);
            assertThat(result.evidence()).containsEntry("blocked_sessions", 3).containsEntry("ddl_heads_queue", true)
                    .containsEntry("wait_measured_from", "pg_locks.waitstart");
            List<Map<String, Object>> chain = list(result, "chain");
            assertThat(chain).extracting(s -> s.get("pid")).containsExactly(queue.holderPid, queue.alterPid);
            assertThat(chain.get(1)).containsEntry("waiting", true)
                    .containsEntry("statement", "ALTER TABLE accounts ADD COLUMN added_later text")
                    .containsEntry("blocked_by", List.of(queue.holderPid));
            assertThat(list(result, "blocking_ddl")).extracting(d -> d.get("pid"), d -> d.get("blocked_sessions"))
                    .containsExactly(tuple(queue.alterPid, 2));
            assertThat(result.summary()).contains("3 sessions wait for locks").contains("behind a DDL statement (pid "
                    + queue.alterPid + ")");
            assertThat(result.evidence().toString()).doesNotContain("hunter2").contains("password '***'");
            assertThat(list(result, "sessions")).allSatisfy(s ->
                    assertThat(((String) s.get("statement")).length()).isLessThanOrEqualTo(200));
        }
    }

    @Test
    void shouldBreachMediumBetweenTheWarningAndTheCriticalLimit() throws Exception {
        LockWaitsCheck check = new LockWaitsCheck(config(Duration.ofMillis(300), Duration.ofMinutes(5), Optional.empty()));
        try (LockQueueFixture queue = new LockQueueFixture(database, "invoices", 1)) {
            CheckResult result = await().atMost(Duration.ofSeconds(10)).until(() -> harness.run(check),
                    r -> r.status() == CheckStatus.BREACH);

            assertThat(result.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(result.measurements().get(LockWaitsCheck.LOCK_WAIT_SECONDS)).isBetween(0.3, 300.0);
        }
    }

    @Test
    void shouldOnlyReportABlockingDdlStatementEvenWithACancelLimit() throws Exception {
        LockWaitsCheck check = new LockWaitsCheck(config(Duration.ofMillis(200), Duration.ofMinutes(5),
                Optional.of(Duration.ofMillis(500))));
        try (LockQueueFixture queue = new LockQueueFixture(database, "orders", 1)) {
            CheckResult result = await().atMost(Duration.ofSeconds(10)).until(() -> harness.run(check),
                    r -> list(r, "blocking_ddl").stream().anyMatch(d ->
                            (double) d.get("longest_blocked_wait_seconds") >= 0.5));

            assertThat(list(result, "blocking_ddl")).singleElement().satisfies(d -> assertThat(d)
                    .containsEntry("pid", queue.alterPid).containsEntry("blocked_sessions", 1)
                    .containsEntry("state", "active").containsKey("statement"));
            assertThat(result.evidence()).doesNotContainKey("cancelled_ddl");
            assertThat(result.summary()).doesNotContain("cancelled");
            assertThat(queue.alter).isNotDone();
            assertThat(database.sql().queryLong("SELECT count(*) FROM pg_locks WHERE pid = " + queue.alterPid
                    + " AND relation = 'orders'::regclass AND NOT granted")).isEqualTo(1);
        }
    }

    @Test
    void shouldSayTheWaitIsAnUpperBoundWithoutPgLocksWaitstart() throws Exception {
        try (LockQueueFixture queue = new LockQueueFixture(database, "accounts", 0)) {
            List<LockSession> exact = LockGraph.forServer(170000).read(harness.pool()).await();
            List<LockSession> bounded = LockGraph.forServer(130000).read(harness.pool()).await();

            assertThat(exact).filteredOn(LockSession::waiting).singleElement()
                    .returns(true, LockSession::exactWait).returns(queue.alterPid, LockSession::pid);
            assertThat(bounded).filteredOn(LockSession::waiting).singleElement()
                    .returns(false, LockSession::exactWait).returns(queue.alterPid, LockSession::pid);
            assertThat(LockGraph.forServer(130000).exactWaits()).isFalse();
        }
    }

    private static LockWaitsConfig config(Duration warn, Duration critical, Optional<Duration> cancelAfter) {
        return new LockWaitsConfig(SCHEDULE, warn, critical, cancelAfter);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(CheckResult result, String key) {
        return (List<Map<String, Object>>) result.evidence().get(key);
    }
}
