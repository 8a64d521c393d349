package dev.warden.checks.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.checks.Baseline;
import dev.warden.checks.CheckResult;
import dev.warden.checks.CheckStatus;
import dev.warden.checks.ExpectedSchema;
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
        assertThat(after.summary()).startsWith("1 schema changes that no migration explains: shop.orders.status:"
                + " column removed");
        assertThat((List<?>) after.evidence().get("changes")).singleElement().asString().contains("table:shop.orders");
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
    void shouldBeInconclusiveWithoutAnExpectedSchema() {
        CheckResult result = harness.run(check("public"));

        assertThat(result.status()).isEqualTo(CheckStatus.INCONCLUSIVE);
        assertThat(result.summary()).contains("no expected schema yet");
    }

    private static SchemaDriftCheck check(String schema) {
        return new SchemaDriftCheck(SchemaFilter.including(schema));
    }

    private static Baseline expectNow(String schema) {
        return Baseline.none().withExpectedSchema(new ExpectedSchema(
                SchemaReader.read(harness.pool(), SchemaFilter.including(schema)).await(), Instant.now()));
    }
}
