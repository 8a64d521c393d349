package dev.warden.checks.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.checks.CheckResult;
import dev.warden.checks.CheckStatus;
import dev.warden.config.IssueType;
import dev.warden.config.MigrationDurationConfig;
import dev.warden.config.Severity;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class MigrationDurationCheckTest {
    private static final MigrationDurationCheck CHECK = new MigrationDurationCheck(new MigrationDurationConfig(
            TargetConfigs.DEFAULT_CHECKS.migrationDuration().schedule(), Duration.ofSeconds(1), Duration.ofSeconds(2)));

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
    void shouldWarnThenGoCriticalWhileAMigrationKeepsRunning() throws Exception {
        assertThat(harness.run(CHECK).status()).isEqualTo(CheckStatus.OK);
        try (Connection migration = database.sql().connect()) {
            migration.setAutoCommit(false);
            migration.createStatement().execute("CREATE TABLE shipments (id bigint PRIMARY KEY)");

            CheckResult warning = await().atMost(Duration.ofSeconds(10)).until(() -> harness.run(CHECK),
                    r -> r.status() == CheckStatus.BREACH);
            CheckResult critical = await().atMost(Duration.ofSeconds(10)).until(() -> harness.run(CHECK),
                    r -> r.severity() == Severity.CRITICAL);

            assertThat(warning.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(warning.issue()).isEqualTo(IssueType.PERFORMANCE_DEGRADATION);
            assertThat(warning.summary()).startsWith("a migration (DDL, pid ").contains("beyond the warning limit of 1.0 s");
            assertThat(critical.issue()).isEqualTo(IssueType.PERFORMANCE_DEGRADATION);
            assertThat(critical.summary()).contains("beyond the critical limit of 2.0 s");
            assertThat(list(critical, "running")).singleElement().satisfies(r -> assertThat(r)
                    .containsEntry("source", "DDL_ACTIVITY")
                    .containsEntry("statement", "CREATE TABLE shipments (id bigint PRIMARY KEY)"));
            assertThat((Double) critical.evidence().get("longest_running_seconds")).isGreaterThanOrEqualTo(2.0);
            migration.rollback();
        }
        assertThat(harness.run(CHECK).status()).isEqualTo(CheckStatus.OK);
    }

    @Test
    void shouldBreachOnADirtyMigration() {
        database.sql().execute("""
                CREATE SCHEMA billing;
                CREATE TABLE billing.schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);
                INSERT INTO billing.schema_migrations VALUES (20240501120000, true);
                """);
        try {
            CheckResult result = harness.run(CHECK);

            assertThat(result.status()).isEqualTo(CheckStatus.BREACH);
            assertThat(result.issue()).isEqualTo(IssueType.SCHEMA_MISMATCH);
            assertThat(result.severity()).isEqualTo(Severity.HIGH);
            assertThat(result.summary()).isEqualTo("golang-migrate migration 20240501120000 (20240501120000) in billing"
                    + " is dirty");
            assertThat(list(result, "failed")).singleElement().satisfies(f -> assertThat(f)
                    .containsEntry("state", "DIRTY").containsEntry("schema", "billing"));
        } finally {
            database.sql().execute("DROP SCHEMA billing CASCADE");
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(CheckResult result, String key) {
        return (List<Map<String, Object>>) result.evidence().get(key);
    }
}
