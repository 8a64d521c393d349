package dev.warden.checks.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.warden.checks.Baseline;
import dev.warden.checks.CheckResult;
import dev.warden.checks.CheckStatus;
import dev.warden.checks.ExpectedSchema;
import dev.warden.checks.schema.HeldFingerprint;
import dev.warden.checks.schema.SchemaFilter;
import dev.warden.checks.schema.SchemaReader;
import dev.warden.config.IssueType;
import dev.warden.config.Severity;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PostgresExtension.class)
class SchemaDriftCheckTest {
    private static TestDatabase database;
    private static CheckHarness harness;

    @TempDir
    static Path scripts;

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
    void shouldBreachWhenAColumnIsDroppedOutOfBand() {
        database.sql().execute("""
                CREATE SCHEMA shop;
                CREATE TABLE shop.orders (id bigint PRIMARY KEY, status text NOT NULL, total numeric);
                """);
        SchemaDriftCheck check = check("shop");
        Baseline baseline = expectNow("shop");

        CheckResult before = harness.run(check, baseline);
        CheckResult quiet = harness.run(check, baseline);
        database.sql().execute("ALTER TABLE shop.orders DROP COLUMN status");
        // The catalog's counters reach the statistics views a moment after the DDL's session ends.
        CheckResult after = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> harness.run(check, baseline), result -> result.status() != CheckStatus.OK);

        assertThat(before.status()).as(before.summary()).isEqualTo(CheckStatus.OK);
        assertThat(before.evidence()).doesNotContainKey("catalog_unchanged_since");
        assertThat(quiet.status()).isEqualTo(CheckStatus.OK);
        assertThat(quiet.evidence()).as("a quiet catalog is not fingerprinted again").containsKey("catalog_unchanged_since");
        assertThat(after.status()).isEqualTo(CheckStatus.BREACH);
        assertThat(after.issue()).isEqualTo(IssueType.SCHEMA_MISMATCH);
        assertThat(after.severity()).isEqualTo(Severity.HIGH);
        // Issue 11: the summary names each change with its class.
        assertThat(after.summary()).isEqualTo("breaking schema changes that no migration explains:"
                + " 1 breaking (dropped column shop.orders.status)");
        assertThat((List<?>) after.evidence().get("changes")).singleElement().asString().contains("table:shop.orders");
    }

    /**
     * A change that a migration in progress explains passes only while that migration runs: once it has
     * ended without a history row, the same unchanged catalog is judged again and breaches.
     */
    @Test
    void shouldJudgeAChangeAgainOnceTheMigrationInProgressThatExplainedItHasEnded() throws Exception {
        database.sql().execute("""
                CREATE SCHEMA inflight;
                CREATE TABLE inflight.orders (id bigint PRIMARY KEY, status text NOT NULL);
                """);
        SchemaDriftCheck check = check("inflight");
        Baseline baseline = expectNow("inflight");
        assertThat(harness.run(check, baseline).status()).isEqualTo(CheckStatus.OK);
        try (Connection migration = database.sql().connect()) {
            // A migration's session, in a transaction whose last statement is DDL (outside the watched schema,
            // so that no watched object is locked and left out of the fingerprint meanwhile).
            migration.setAutoCommit(false);
            migration.createStatement().execute("CREATE TABLE public.inflight_step (id int)");
            database.sql().execute("ALTER TABLE inflight.orders DROP COLUMN status");
            CheckResult during = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                    .until(() -> harness.run(check, baseline), result -> result.summary().contains("in progress"));
            assertThat(during.status()).as(during.summary()).isEqualTo(CheckStatus.OK);
            migration.rollback();
        }

        CheckResult after = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> harness.run(check, baseline), result -> result.status() != CheckStatus.OK);
        assertThat(after.status()).as(after.summary()).isEqualTo(CheckStatus.BREACH);
        assertThat(after.summary()).isEqualTo("breaking schema changes that no migration explains:"
                + " 1 breaking (dropped column inflight.orders.status)");
    }

    @Test
    void shouldAcceptAChangeThatAMigrationAppliedAfterTheExpectedSchema() throws IOException {
        database.sql().execute("CREATE SCHEMA crm; CREATE TABLE crm.contacts (id bigint PRIMARY KEY, fax text)");
        SchemaDriftCheck check = check("crm");
        Baseline baseline = expectNow("crm");
        Files.writeString(scripts.resolve("V1__drop_fax.sql"), "ALTER TABLE crm.contacts DROP COLUMN fax;");
        Flyway.configure()
                .dataSource(database.address().jdbcUrl(), database.address().user(), database.address().password())
                .schemas("crm_history").locations("filesystem:" + scripts).load().migrate();

        CheckResult result = harness.run(check, baseline);

        assertThat(result.status()).as(result.summary()).isEqualTo(CheckStatus.OK);
        assertThat(result.summary()).startsWith("1 schema changes explained by flyway migration 1 applied at");
        @SuppressWarnings("unchecked")
        Map<String, Object> explainedBy = (Map<String, Object>) result.evidence().get("explained_by");
        assertThat(explainedBy).containsEntry("tool", "flyway").containsEntry("name", "drop fax");
    }

    /**
     * In cycles the migration histories are read as soon as the scan sees a change, beside the read of
     * the changed objects: a migration met that way explains the change as a one-shot check's later read does.
     */
    @Test
    void shouldExplainAMigrationMetInCyclesByTheHistoryReadBesideTheChangedObjects(@TempDir Path migrations)
            throws IOException {
        database.sql().execute("CREATE SCHEMA invoicing; CREATE TABLE invoicing.invoices (id bigint PRIMARY KEY, memo text)");
        SchemaDriftCheck cycling = new SchemaDriftCheck(SchemaFilter.including("invoicing"), new HeldFingerprint(),
                Repetition.CYCLES);
        Baseline baseline = expectNow("invoicing");
        CheckResult first = harness.run(cycling, baseline);
        Files.writeString(migrations.resolve("V1__drop_memo.sql"), "ALTER TABLE invoicing.invoices DROP COLUMN memo;");
        Flyway.configure()
                .dataSource(database.address().jdbcUrl(), database.address().user(), database.address().password())
                .schemas("invoicing_history").locations("filesystem:" + migrations).load().migrate();

        // The catalog's counters reach the statistics views a moment after the migration's session ends: the
        // first cycle that finds the change is the one whose scan started the histories' read.
        CheckResult explained = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> harness.run(cycling, baseline),
                        result -> ((Number) result.evidence().getOrDefault("change_count", 0)).intValue() > 0);

        assertThat(first.status()).as(first.summary()).isEqualTo(CheckStatus.OK);
        assertThat(explained.status()).as(explained.summary()).isEqualTo(CheckStatus.OK);
        assertThat(explained.summary()).startsWith("1 schema changes explained by flyway migration 1 applied at");
        assertThat(explained.evidence().get("live_read")).asString().contains("full=false");
        assertThat(harness.run(check("invoicing"), baseline).summary()).isEqualTo(explained.summary());
    }

    @Test
    void shouldNotCallALockedObjectDrift() throws Exception {
        database.sql().execute("CREATE SCHEMA stock; CREATE TABLE stock.items (id bigint PRIMARY KEY, sku text)");
        SchemaDriftCheck check = check("stock");
        Baseline baseline = expectNow("stock");
        try (Connection other = database.sql().connect()) {
            other.setAutoCommit(false);
            other.createStatement().execute("LOCK TABLE stock.items IN ACCESS EXCLUSIVE MODE");

            CheckResult result = harness.run(check, baseline);

            assertThat(result.status()).as(result.summary()).isEqualTo(CheckStatus.OK);
            assertThat(result.evidence().get("skipped_objects")).asString().contains("table:stock.items");
            other.rollback();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldRecordAnOutOfBandIndexAndNullableColumnAtLowSeverityAndThenExpectThem() {
        database.sql().execute("CREATE SCHEMA people; CREATE TABLE people.users (id bigint PRIMARY KEY, name text)");
        SchemaDriftCheck check = check("people");
        Baseline baseline = expectNow("people");
        database.sql().execute("ALTER TABLE people.users ADD COLUMN nickname text");
        database.sql().execute("CREATE INDEX CONCURRENTLY users_name_idx ON people.users (name)");

        CheckResult first = harness.run(check, baseline);
        CheckResult next = harness.run(check, baseline);

        assertThat(first.status()).as(first.summary()).isEqualTo(CheckStatus.BREACH);
        assertThat(first.issue()).isEqualTo(IssueType.SCHEMA_CHANGE);
        assertThat(first.severity()).isEqualTo(Severity.LOW);
        assertThat(first.summary()).isEqualTo("additive schema changes that no migration explains, recorded as"
                + " expected: 2 additive (new index people.users_name_idx, new column people.users.nickname"
                + " (nullable text))");
        assertThat(first.evidence()).containsEntry("additive_count", 2L).containsEntry("breaking_count", 0L);
        assertThat((List<Object>) first.evidence().get("classified")).containsExactly(
                Map.of("kind", "index", "name", "people.users_name_idx", "change", "new", "class", "additive"),
                Map.of("kind", "column", "name", "people.users.nickname", "change", "new: nullable text",
                        "class", "additive"));
        assertThat(next.status()).as("an additive change becomes expected: " + next.summary()).isEqualTo(CheckStatus.OK);
        assertThat(next.summary()).isEqualTo("schema matches the expected one with 2 additively changed objects accepted");
        assertThat((List<Object>) next.evidence().get("accepted_additive"))
                .containsExactly("index:people.users_name_idx", "table:people.users");
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldBreachHighNamingTheBreakingChangesBesideTheAdditiveOnes() {
        database.sql().execute("""
                CREATE SCHEMA ledger;
                CREATE TABLE ledger.entries (id bigint PRIMARY KEY, note text, amount integer);
                """);
        SchemaDriftCheck check = check("ledger");
        Baseline baseline = expectNow("ledger");
        database.sql().execute("""
                ALTER TABLE ledger.entries DROP COLUMN note;
                ALTER TABLE ledger.entries ALTER COLUMN amount TYPE text;
                CREATE TABLE ledger.tags (id bigint);
                """);

        CheckResult first = harness.run(check, baseline);
        CheckResult second = harness.run(check, baseline);

        assertThat(first.status()).as(first.summary()).isEqualTo(CheckStatus.BREACH);
        assertThat(first.issue()).isEqualTo(IssueType.SCHEMA_MISMATCH);
        assertThat(first.severity()).isEqualTo(Severity.HIGH);
        assertThat(first.summary()).isEqualTo("breaking schema changes that no migration explains:"
                + " 1 additive (new table ledger.tags); 2 breaking (changed column ledger.entries.amount"
                + " (type narrowed or rewritten integer -> text), dropped column ledger.entries.note)");
        assertThat((List<Object>) first.evidence().get("classified")).contains(
                Map.of("kind", "column", "name", "ledger.entries.note", "change", "dropped", "class", "breaking"));
        assertThat(second.issue()).as("a breaking change is never accepted").isEqualTo(IssueType.SCHEMA_MISMATCH);
        assertThat(second.summary()).doesNotContain("ledger.tags").contains("dropped column ledger.entries.note");
    }

    @Test
    void shouldCallTheInvalidIndexOfAFailedFlywayMigrationBreaking() throws IOException {
        database.sql().execute("""
                CREATE SCHEMA billing;
                CREATE TABLE billing.invoices (id bigint PRIMARY KEY, ref text);
                INSERT INTO billing.invoices VALUES (1, 'dup'), (2, 'dup');
                """);
        SchemaDriftCheck check = check("billing");
        Baseline baseline = expectNow("billing");
        Path dir = Files.createDirectories(scripts.resolve("billing"));
        Files.writeString(dir.resolve("V1__unique_ref.sql"),
                "CREATE UNIQUE INDEX CONCURRENTLY invoices_ref_key ON billing.invoices (ref);");
        Flyway flyway = Flyway.configure()
                .dataSource(database.address().jdbcUrl(), database.address().user(), database.address().password())
                .schemas("billing_history").locations("filesystem:" + dir)
                .configuration(Map.of("flyway.postgresql.transactional.lock", "false")).load();
        assertThatThrownBy(flyway::migrate).isInstanceOf(FlywayException.class);

        CheckResult result = harness.run(check, baseline);

        assertThat(result.status()).as(result.summary()).isEqualTo(CheckStatus.BREACH);
        assertThat(result.issue()).isEqualTo(IssueType.SCHEMA_MISMATCH);
        assertThat(result.severity()).isEqualTo(Severity.HIGH);
        assertThat(result.evidence()).doesNotContainKey("explained_by");
        assertThat(result.summary()).contains("1 breaking (new index billing.invoices_ref_key (INVALID");
    }

    @Test
    void shouldBeInconclusiveWithoutAnExpectedSchema() {
        CheckResult result = harness.run(check("public"));

        assertThat(result.status()).isEqualTo(CheckStatus.INCONCLUSIVE);
        assertThat(result.summary()).contains("no expected schema yet");
    }

    /**
     * Issue 14: in cycles (the daemon), the check gives its verdict before it stores its fingerprint, and
     * compares again only where the live schema changed; what it reports is what a one-shot check reports.
     */
    @Test
    @SuppressWarnings("unchecked")
    void shouldReportARealChangeInCyclesAsAOneShotCheckDoesAndKeepTheFingerprintAfterTheVerdict() {
        database.sql().execute("""
                CREATE SCHEMA cycles;
                CREATE TABLE cycles.accounts (id bigint PRIMARY KEY, name text NOT NULL);
                CREATE INDEX accounts_name_idx ON cycles.accounts (name);
                CREATE TABLE cycles.ledger (id bigint PRIMARY KEY, account_id bigint REFERENCES cycles.accounts (id));
                """);
        HeldFingerprint memory = new HeldFingerprint();
        SchemaDriftCheck cycling = new SchemaDriftCheck(SchemaFilter.including("cycles"), memory, Repetition.CYCLES);
        Baseline baseline = expectNow("cycles");

        CheckResult first = harness.run(cycling, baseline);
        await().atMost(Duration.ofSeconds(30)).until(() -> memory.last() != null);
        byte[] unchanged = memory.last();
        CheckResult quiet = harness.run(cycling, baseline);
        database.sql().execute("ALTER TABLE cycles.accounts ADD COLUMN note text");
        CheckResult found = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> harness.run(cycling, baseline), result -> result.status() != CheckStatus.OK);
        CheckResult oneShot = harness.run(check("cycles"), baseline);
        CheckResult accepted = harness.run(cycling, baseline);
        await().atMost(Duration.ofSeconds(30)).until(() -> memory.last() != unchanged);
        CheckResult restarted = harness.run(new SchemaDriftCheck(SchemaFilter.including("cycles"), memory), baseline);

        assertThat(first.status()).as(first.summary()).isEqualTo(CheckStatus.OK);
        assertThat(quiet.status()).isEqualTo(CheckStatus.OK);
        assertThat(quiet.evidence()).containsKey("catalog_unchanged_since");
        assertThat(found.status()).isEqualTo(CheckStatus.BREACH);
        assertThat(found.issue()).isEqualTo(IssueType.SCHEMA_CHANGE);
        assertThat(found.severity()).isEqualTo(Severity.LOW);
        assertThat(found.summary()).isEqualTo("additive schema changes that no migration explains, recorded as"
                + " expected: 1 additive (new column cycles.accounts.note (nullable text))");
        assertThat(found.evidence().get("live_read")).asString().contains("full=false");
        assertThat(oneShot.status()).isEqualTo(CheckStatus.BREACH);
        assertThat(oneShot.summary()).isEqualTo(found.summary());
        assertThat(oneShot.evidence().get("classified")).isEqualTo(found.evidence().get("classified"));
        assertThat(oneShot.evidence().get("live_hash")).isEqualTo(found.evidence().get("live_hash"));
        assertThat(accepted.status()).as(accepted.summary()).isEqualTo(CheckStatus.OK);
        assertThat(accepted.summary()).isEqualTo("schema matches the expected one with 1 additively changed objects accepted");
        assertThat(restarted.evidence().get("live_read")).as("the kept fingerprint holds the change")
                .asString().contains("full=false").contains("deparsed_objects=0");
        assertThat(restarted.summary()).as("a restart forgets what was accepted").isEqualTo(found.summary());
    }

    private static SchemaDriftCheck check(String schema) {
        return new SchemaDriftCheck(SchemaFilter.including(schema));
    }

    private static Baseline expectNow(String schema) {
        return Baseline.none().withExpectedSchema(new ExpectedSchema(
                SchemaReader.read(harness.pool(), SchemaFilter.including(schema)).await(), Instant.now()));
    }
}
