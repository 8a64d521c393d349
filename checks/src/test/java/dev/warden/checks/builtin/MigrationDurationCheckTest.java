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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.io.TempDir;
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

    @TempDir
    static Path scripts;

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

    @Test
    void shouldJudgeTheSameWhenRunOnceAsOnTheFirstOfManyCycles() {
        MigrationDurationCheck once = new MigrationDurationCheck(TargetConfigs.DEFAULT_CHECKS.migrationDuration(),
                Repetition.ONCE);
        assertThat(harness.run(once).status()).isEqualTo(CheckStatus.OK);
        database.sql().execute("""
                CREATE SCHEMA billing;
                CREATE TABLE billing.schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);
                INSERT INTO billing.schema_migrations VALUES (20240501120000, true);
                """);
        try {
            CheckResult cycles = harness.run(new MigrationDurationCheck(TargetConfigs.DEFAULT_CHECKS.migrationDuration()));
            CheckResult result = harness.run(once);

            assertThat(result.status()).isEqualTo(CheckStatus.BREACH);
            assertThat(result.severity()).isEqualTo(cycles.severity());
            assertThat(result.summary()).isEqualTo(cycles.summary());
            assertThat(result.evidence()).isEqualTo(cycles.evidence());
        } finally {
            database.sql().execute("DROP SCHEMA billing CASCADE");
        }
    }

    @Test
    void shouldDecideANonTransactionalFlywayFailureThatLeftNoHistoryRowAsAFailedMigrationNamingIt() throws Exception {
        MigrationDurationCheck check = patientCheck();
        Flyway flyway = flyway("ledger", "held_positive CHECK (v > 0)");
        flyway.migrate(); // V1 only: V2 waits for its target
        assertThat(harness.run(check).status()).isEqualTo(CheckStatus.OK);

        CompletableFuture<Void> run = migrateWhileHeld(check, "ledger", flyway);

        assertThat(run).failsWithin(Duration.ofSeconds(30)).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(FlywayException.class);
        // Flyway 11 on PostgreSQL writes its failure row in the transaction of its advisory lock: it rolls
        // back with the failure, and the two statements that ran before the failing one stay.
        assertThat(database.sql().queryLong("SELECT count(*) FROM ledger.flyway_schema_history WHERE version = '2'"))
                .isZero();
        assertThat(database.sql().queryLong("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'ledger' AND c.relname = 'balances'")).isOne();

        CheckResult result = harness.run(check);

        assertThat(result.status()).isEqualTo(CheckStatus.BREACH);
        assertThat(result.issue()).isEqualTo(IssueType.SCHEMA_MISMATCH);
        assertThat(result.severity()).isEqualTo(Severity.HIGH);
        assertThat(result.summary()).startsWith("flyway migration after version 1 (create accounts) in ledger, pid ")
                .contains("failed: it ended without a history row and left 4 schema changes");
        assertThat(list(result, "failed_unrecorded")).singleElement().satisfies(f -> {
            assertThat(f).containsEntry("tool", "flyway").containsEntry("schema", "ledger")
                    .containsEntry("after_version", "1").containsEntry("state", "FAILED_UNRECORDED");
            assertThat((List<?>) f.get("changes")).hasSize(4).anySatisfy(c -> assertThat(c.toString())
                    .startsWith("ADDED").contains("ledger.balances"))
                    .anySatisfy(c -> assertThat(c.toString()).startsWith("CHANGED").contains("ledger.accounts"));
            assertThat((List<?>) f.get("statements")).anySatisfy(st -> assertThat(st.toString()).contains("held_positive"));
        });
        assertThat(result.measurements()).containsEntry(MigrationDurationCheck.MIGRATION_FAILED, 1.0);
        assertThat(harness.run(check).status()).as("the failure stands").isEqualTo(CheckStatus.BREACH);
        database.sql().execute("DROP SCHEMA ledger CASCADE");
    }

    @Test
    void shouldNotCallANonTransactionalFlywayMigrationThatSucceededAFailure() throws Exception {
        MigrationDurationCheck check = patientCheck();
        Flyway flyway = flyway("payouts", "held_nonzero CHECK (v <> 0)");
        flyway.migrate();
        assertThat(harness.run(check).status()).isEqualTo(CheckStatus.OK);

        migrateWhileHeld(check, "payouts", flyway).get(30, TimeUnit.SECONDS);

        CheckResult result = harness.run(check);
        assertThat(result.status()).isEqualTo(CheckStatus.OK);
        assertThat(list(result, "failed_unrecorded")).isEmpty();
        assertThat(result.measurements()).containsEntry(MigrationDurationCheck.MIGRATION_FAILED, 0.0);
        database.sql().execute("DROP SCHEMA payouts CASCADE");
    }

    @Test
    void shouldNotCallARolledBackMigrationAFailure() throws Exception {
        MigrationDurationCheck check = patientCheck();
        assertThat(harness.run(check).status()).isEqualTo(CheckStatus.OK);
        try (Connection migration = database.sql().connect()) {
            migration.setAutoCommit(false);
            migration.createStatement().execute("CREATE TABLE refunds (id bigint PRIMARY KEY)");
            await().atMost(Duration.ofSeconds(10)).until(() -> harness.run(check),
                    r -> !((List<?>) r.evidence().get("running")).isEmpty());
            migration.rollback();
        }
        CheckResult result = harness.run(check);
        assertThat(result.status()).isEqualTo(CheckStatus.OK);
        assertThat(result.measurements()).containsEntry(MigrationDurationCheck.MIGRATION_FAILED, 0.0);
    }

    private static MigrationDurationCheck patientCheck() {
        return new MigrationDurationCheck(new MigrationDurationConfig(
                TargetConfigs.DEFAULT_CHECKS.migrationDuration().schedule(), Duration.ofMinutes(10), Duration.ofMinutes(30)));
    }

    /**
     * Flyway in {@code schema}: V1 creates the tables, V2 runs outside a transaction and its third statement
     * adds {@code constraint} to a table holding one row of -1 (fails when the constraint excludes it).
     */
    private Flyway flyway(String schema, String constraint) throws IOException {
        Path dir = Files.createDirectories(scripts.resolve(schema));
        Files.writeString(dir.resolve("V1__create_accounts.sql"), """
                CREATE TABLE accounts (id bigint PRIMARY KEY);
                CREATE TABLE held (v int);
                INSERT INTO held VALUES (-1);
                """);
        Files.writeString(dir.resolve("V2__add_balances.sql"), """
                CREATE TABLE balances (account_id bigint PRIMARY KEY, amount numeric NOT NULL);
                ALTER TABLE accounts ADD COLUMN currency text;
                ALTER TABLE held ADD CONSTRAINT %s;
                """.formatted(constraint));
        Files.writeString(dir.resolve("V2__add_balances.sql.conf"), "executeInTransaction=false\n");
        return Flyway.configure()
                .dataSource(database.address().jdbcUrl(), database.address().user(), database.address().password())
                .schemas(schema).locations("filesystem:" + dir).target("1").load();
    }

    /**
     * Runs Flyway's V2 while a test session holds a lock on {@code held}: its third statement waits, the
     * check sees the migration running, then the lock goes and the statement runs to its end.
     */
    private CompletableFuture<Void> migrateWhileHeld(MigrationDurationCheck check, String schema, Flyway v1)
            throws Exception {
        Flyway flyway = Flyway.configure().configuration(v1.getConfiguration()).target("latest").load();
        try (Connection holder = database.sql().connect()) {
            holder.setAutoCommit(false);
            holder.createStatement().execute("LOCK TABLE " + schema + ".held IN ACCESS SHARE MODE");
            CompletableFuture<Void> run = CompletableFuture.runAsync(() -> flyway.migrate());
            CheckResult seen = await().atMost(Duration.ofSeconds(20)).until(() -> harness.run(check),
                    r -> list(r, "running").stream().anyMatch(m -> Boolean.TRUE.equals(m.get("waiting"))));
            assertThat(list(seen, "running")).anySatisfy(m -> assertThat(m).containsEntry("tool", "flyway"));
            holder.rollback();
            return run;
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(CheckResult result, String key) {
        return (List<Map<String, Object>>) result.evidence().get(key);
    }
}
