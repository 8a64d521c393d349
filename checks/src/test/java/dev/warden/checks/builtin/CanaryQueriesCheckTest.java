package dev.warden.checks.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.checks.CheckResult;
import dev.warden.checks.CheckStatus;
import dev.warden.checks.LockWaitSampler;
import dev.warden.config.CanaryQuery;
import dev.warden.config.IssueType;
import dev.warden.config.Severity;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class CanaryQueriesCheckTest {
    private static TestDatabase database;
    private static CheckHarness harness;

    @BeforeAll
    static void start(TestDatabase testDatabase) {
        database = testDatabase;
        database.sql().execute("""
                CREATE TABLE products (id int PRIMARY KEY, name text NOT NULL, active boolean NOT NULL);
                INSERT INTO products SELECT g, 'product ' || g, g % 2 = 0 FROM generate_series(1, 40) g;
                CREATE TABLE stock (id int PRIMARY KEY, quantity int NOT NULL);
                INSERT INTO stock SELECT g, g FROM generate_series(1, 10) g;
                """);
        harness = new CheckHarness(testDatabase);
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void shouldBeOkWhenEveryCanaryAnswersAsExpectedInTime() {
        CheckResult result = harness.run(check(
                canary("active-products", "SELECT count(*) FROM products WHERE active", null, "20"),
                canary("first-three", "SELECT id FROM products ORDER BY id LIMIT 3", 3L, null)));

        assertThat(result.status()).as(result.summary()).isEqualTo(CheckStatus.OK);
        assertThat(canaries(result)).extracting(c -> c.get("outcome")).containsExactly("OK", "OK");
    }

    @Test
    void shouldBreachWithQueryErrorsOnAWrongResult() {
        CheckResult before = harness.run(check(canary("active-products", "SELECT count(*) FROM products WHERE active",
                null, "20")));
        database.sql().execute("UPDATE products SET active = false WHERE id <= 10");
        CheckResult after = harness.run(check(canary("active-products", "SELECT count(*) FROM products WHERE active",
                null, "20")));
        database.sql().execute("UPDATE products SET active = (id % 2 = 0)");

        assertThat(before.status()).isEqualTo(CheckStatus.OK);
        assertThat(after.status()).isEqualTo(CheckStatus.BREACH);
        assertThat(after.issue()).isEqualTo(IssueType.QUERY_ERRORS);
        assertThat(after.severity()).isEqualTo(Severity.HIGH);
        assertThat(after.summary()).isEqualTo("canary active-products wrong result: expected value \"20\", got \"15\"");
    }

    @Test
    void shouldBreachWithQueryErrorsWhenTheQueryFails() {
        CheckResult result = harness.run(check(canary("legacy", "SELECT price FROM products", null, null)));

        assertThat(result.status()).isEqualTo(CheckStatus.BREACH);
        assertThat(result.issue()).isEqualTo(IssueType.QUERY_ERRORS);
        assertThat(result.summary()).startsWith("canary legacy error: query failed (42703): column \"price\" does not exist");
    }

    @Test
    void shouldBreachWithPerformanceDegradationWhenACanaryIsSlow() {
        CheckResult result = harness.run(check(new CanaryQuery("sleepy", "SELECT pg_sleep(0.3)", OptionalLong.empty(),
                Optional.empty(), Duration.ofMillis(50))));

        assertThat(result.status()).isEqualTo(CheckStatus.BREACH);
        assertThat(result.issue()).isEqualTo(IssueType.PERFORMANCE_DEGRADATION);
        assertThat(result.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(result.summary()).startsWith("canary sleepy slow: took ").endsWith("budget 50 ms");
        assertThat((Long) canaries(result).get(0).get("latency_ms")).isGreaterThanOrEqualTo(300L);
    }

    @Test
    void shouldNeverWriteEvenWhenTheCanaryTriesTo() {
        CheckResult delete = harness.run(check(canary("vandal", "DELETE FROM stock", null, null)));
        CheckResult smuggled = harness.run(check(canary("smuggler", "SELECT 1; DELETE FROM stock", null, null)));
        CheckResult flipped = harness.run(check(canary("flipper",
                "SELECT set_config('transaction_read_only', 'off', true)", null, null)));

        assertThat(database.sql().queryLong("SELECT count(*) FROM stock")).isEqualTo(10);
        assertThat(delete.status()).isEqualTo(CheckStatus.INCONCLUSIVE);
        assertThat(delete.summary()).contains("the canary cannot run in a read-only transaction")
                .contains("cannot execute DELETE in a read-only transaction");
        assertThat(smuggled.summary()).contains("cannot insert multiple commands into a prepared statement");
        assertThat(flipped.status()).isEqualTo(CheckStatus.INCONCLUSIVE);
        assertThat(flipped.summary()).contains("transaction read-write mode must be set before any query");
    }

    @Test
    void shouldSkipACanaryWhoseTableAMigrationLocksInsteadOfQueueing() throws Exception {
        CanaryQueriesCheck check = check(canary("stock-level", "SELECT sum(quantity) FROM stock", null, "55"));
        assertThat(harness.run(check).status()).isEqualTo(CheckStatus.OK);
        try (Connection migration = database.sql().connect();
             LockWaitSampler sampler = LockWaitSampler.start(database.sql())) {
            migration.setAutoCommit(false);
            migration.createStatement().execute("ALTER TABLE stock ADD COLUMN reserved int");

            CheckResult result = harness.run(check);

            assertThat(result.status()).isEqualTo(CheckStatus.INCONCLUSIVE);
            assertThat(result.summary()).contains("AccessExclusiveLock is granted or awaited on stock");
            assertThat(sampler.waitingSamples()).as("samples with a waiting warden session").isZero();
            migration.rollback();
        }
    }

    private static CanaryQueriesCheck check(CanaryQuery... queries) {
        return new CanaryQueriesCheck(List.of(queries));
    }

    private static CanaryQuery canary(String name, String sql, Long rows, String value) {
        return new CanaryQuery(name, sql, rows == null ? OptionalLong.empty() : OptionalLong.of(rows),
                Optional.ofNullable(value), Duration.ofSeconds(2));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> canaries(CheckResult result) {
        return (List<Map<String, Object>>) result.evidence().get("canaries");
    }
}
