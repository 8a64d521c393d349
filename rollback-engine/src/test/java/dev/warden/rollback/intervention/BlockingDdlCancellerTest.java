package dev.warden.rollback.intervention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.warden.checks.CheckResult;
import dev.warden.checks.builtin.CheckHarness;
import dev.warden.checks.builtin.LockQueueFixture;
import dev.warden.checks.builtin.LockWaitsCheck;
import dev.warden.checks.builtin.TargetConfigs;
import dev.warden.config.LockWaitsConfig;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class BlockingDdlCancellerTest {
    private static final Duration LIMIT = Duration.ofMillis(500);

    private static CheckHarness harness;

    @BeforeAll
    static void start(TestDatabase database) {
        harness = new CheckHarness(database);
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void shouldCancelADdlStatementThatBlocksOthersBeyondTheLimit(TestDatabase database) throws Exception {
        database.sql().execute("CREATE TABLE orders (id int PRIMARY KEY)");
        LockWaitsCheck check = new LockWaitsCheck(new LockWaitsConfig(
                TargetConfigs.DEFAULT_CHECKS.lockWaits().schedule(), Duration.ofMillis(200), Duration.ofMinutes(5),
                Optional.of(LIMIT)));
        try (LockQueueFixture queue = new LockQueueFixture(database, "orders", 1)) {
            CheckResult result = await().atMost(Duration.ofSeconds(10)).until(
                    () -> BlockingDdlCanceller.relieve(harness.pool(), harness.run(check), LIMIT).await(),
                    r -> r.evidence().containsKey("cancelled_ddl"));

            assertThat(list(result, "cancelled_ddl")).singleElement().satisfies(c -> assertThat(c)
                    .containsEntry("pid", queue.alterPid).containsEntry("cancelled", true));
            assertThat(result.summary()).contains("cancelled 1 blocking DDL statement(s)");
            assertThatThrownBy(() -> queue.alter.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("canceling statement due to user request");
            // With the ALTER gone, the SELECT behind it no longer waits although the holder still holds its lock.
            queue.selects.get(0).get(10, TimeUnit.SECONDS);
        }
        assertThat(database.sql().queryColumn("SELECT attname FROM pg_attribute WHERE attrelid = 'orders'::regclass"))
                .doesNotContain("added_later");
    }

    @Test
    void shouldPassOtherResultsThroughUnchanged() {
        Map<String, Object> overdue = Map.of(LockWaitsCheck.BLOCKING_DDL, List.of(Map.of("pid", 1, "statement",
                "ALTER TABLE orders ADD COLUMN x int", "state", "active", "longest_blocked_wait_seconds", 60.0)));
        CheckResult otherCheck = CheckResult.ok("migration_duration", Instant.now(), "fine", overdue);
        CheckResult notOverdue = CheckResult.ok(LockWaitsCheck.NAME, Instant.now(), "1 session waits",
                Map.of(LockWaitsCheck.BLOCKING_DDL, List.of(Map.of("pid", 1, "statement",
                        "ALTER TABLE orders ADD COLUMN x int", "state", "active", "longest_blocked_wait_seconds", 0.1))));

        assertThat(BlockingDdlCanceller.relieve(harness.pool(), otherCheck, LIMIT).await()).isSameAs(otherCheck);
        assertThat(BlockingDdlCanceller.relieve(harness.pool(), notOverdue, LIMIT).await()).isSameAs(notOverdue);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(CheckResult result, String key) {
        return (List<Map<String, Object>>) result.evidence().get(key);
    }
}
