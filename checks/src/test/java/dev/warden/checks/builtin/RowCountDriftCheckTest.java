package dev.warden.checks.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.checks.Baseline;
import dev.warden.checks.CheckResult;
import dev.warden.checks.CheckStatus;
import dev.warden.checks.RowCountExpectation;
import dev.warden.checks.rows.RowCountRequest;
import dev.warden.checks.rows.RowCounter;
import dev.warden.checks.rows.RowCounts;
import dev.warden.config.IssueType;
import dev.warden.config.RowCountDriftConfig;
import dev.warden.config.Severity;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class RowCountDriftCheckTest {
    private static final RowCountDriftConfig CONFIG = TargetConfigs.DEFAULT_CHECKS.rowCountDrift();

    private static TestDatabase database;
    private static CheckHarness harness;

    @BeforeAll
    static void start(TestDatabase testDatabase) {
        database = testDatabase;
        harness = new CheckHarness(testDatabase);
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void shouldBreachWhenACriticalTableLosesFortyPercentOfItsRows() {
        createTable("orders", 1000);
        RowCountDriftCheck check = check("orders");
        Baseline baseline = Baseline.none().withSnapshotRowCounts(count("orders"));

        CheckResult before = harness.run(check, baseline);
        database.sql().execute("DELETE FROM orders WHERE id <= 400");
        CheckResult after = harness.run(check, baseline);

        assertThat(before.status()).as(before.summary()).isEqualTo(CheckStatus.OK);
        assertThat(after.status()).isEqualTo(CheckStatus.BREACH);
        assertThat(after.issue()).isEqualTo(IssueType.DATA_CORRUPTION);
        assertThat(after.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(after.summary()).startsWith("public.orders lost 400 rows (40.0%) since the baseline snapshot: 1000 -> 600");
        assertThat(table(after)).containsEntry("rows", 600L).containsEntry("baseline_rows", 1000L);
        assertThat(before.measurements()).containsEntry(RowCountDriftCheck.DRIFT_RATIO + "public.orders", 0.0);
        assertThat(after.measurements()).containsEntry(RowCountDriftCheck.DRIFT_RATIO + "public.orders", -0.4);
    }

    @Test
    void shouldCompareWithThePreviousCycleItRemembersWhenTheContextHasNone() {
        createTable("carts", 500);
        RowCountDriftCheck check = check("carts");

        CheckResult first = harness.run(check);
        database.sql().execute("DELETE FROM carts WHERE id <= 150");
        CheckResult second = harness.run(check);

        assertThat(first.status()).isEqualTo(CheckStatus.OK);
        assertThat(second.status()).isEqualTo(CheckStatus.BREACH);
        assertThat(second.summary()).contains("public.carts lost 150 rows (30.0%) since the previous cycle");
    }

    @Test
    void shouldBreachOnADeleteCounterJumpEvenWhenTheRowsWereRefilled() throws Exception {
        createTable("ledger", 1000);
        RowCountDriftCheck check = check("ledger");
        await().atMost(Duration.ofSeconds(10)).until(() -> count("ledger").find("public.ledger").orElseThrow()
                .inserted() == 1000);
        Baseline baseline = Baseline.none().withPreviousRowCounts(count("ledger"));
        try (Connection session = database.sql().connect()) {
            session.createStatement().execute("""
                    DELETE FROM ledger WHERE id <= 300;
                    INSERT INTO ledger SELECT g, 'refill' FROM generate_series(1, 300) g;
                    SELECT pg_stat_force_next_flush();
                    """);
        }

        CheckResult result = await().atMost(Duration.ofSeconds(10)).until(() -> harness.run(check, baseline),
                r -> r.status() == CheckStatus.BREACH);

        assertThat(result.summary()).isEqualTo("public.ledger: 300 rows deleted since the previous cycle (30.0% of 1000)");
        assertThat(table(result)).containsEntry("rows", 1000L).containsEntry("deleted_since_previous", 300L);
    }

    @Test
    void shouldHonourADeclaredExpectationAndStillBreachBeyondIt() {
        createTable("archive", 1000);
        RowCountDriftCheck check = check("archive");
        Baseline baseline = Baseline.none().withSnapshotRowCounts(count("archive"));
        database.sql().execute("DELETE FROM archive WHERE id <= 400");

        CheckResult within = harness.run(check, baseline.withExpectations(
                List.of(new RowCountExpectation("archive", 0.5, 1.0))));
        CheckResult beyond = harness.run(check, baseline.withExpectations(
                List.of(new RowCountExpectation("public.archive", 0.8, 1.0))));

        assertThat(within.status()).as(within.summary()).isEqualTo(CheckStatus.OK);
        assertThat(table(within)).containsEntry("expectation_honoured", true).containsEntry("ratio", 0.6);
        assertThat(beyond.status()).isEqualTo(CheckStatus.BREACH);
        assertThat(beyond.summary()).contains("outside the declared expectation 0.8..1.0");
    }

    @Test
    void shouldBeInconclusiveNotABreachWhenAMigrationLocksTheTable() throws Exception {
        createTable("payments", 100);
        RowCountDriftCheck check = check("payments");
        Baseline baseline = Baseline.none().withSnapshotRowCounts(count("payments"));
        try (Connection migration = database.sql().connect()) {
            migration.setAutoCommit(false);
            migration.createStatement().execute("DELETE FROM payments; LOCK TABLE payments IN ACCESS EXCLUSIVE MODE");

            CheckResult result = harness.run(check, baseline);

            assertThat(result.status()).isEqualTo(CheckStatus.INCONCLUSIVE);
            assertThat(result.summary()).startsWith("public.payments not counted:").contains("AccessExclusiveLock");
            migration.rollback();
        }
    }

    @Test
    void shouldApplyTheOptionalAbsoluteLimit() {
        createTable("events", 10_000);
        RowCountDriftCheck check = new RowCountDriftCheck(new RowCountDriftConfig(CONFIG.schedule(), 20,
                OptionalLong.of(500)), List.of("events"), Duration.ofSeconds(2));
        Baseline baseline = Baseline.none().withSnapshotRowCounts(count("events"));
        database.sql().execute("DELETE FROM events WHERE id <= 600");

        CheckResult result = harness.run(check, baseline);

        assertThat(result.status()).isEqualTo(CheckStatus.BREACH);
        assertThat(result.summary()).contains("lost 600 rows (6.0%)");
    }

    private static RowCountDriftCheck check(String table) {
        return new RowCountDriftCheck(CONFIG, List.of(table), Duration.ofSeconds(2));
    }

    private static void createTable(String name, int rows) {
        database.sql().execute("CREATE TABLE " + name + " (id int PRIMARY KEY, note text);"
                + "INSERT INTO " + name + " SELECT g, 'row ' || g FROM generate_series(1, " + rows + ") g");
    }

    private static RowCounts count(String table) {
        return RowCounter.count(harness.pool(), RowCountRequest.critical(table)).await();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> table(CheckResult result) {
        return ((List<Map<String, Object>>) result.evidence().get("tables")).get(0);
    }
}
