package dev.warden.daemon.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.checks.Baseline;
import dev.warden.checks.CheckContext;
import dev.warden.checks.CheckResult;
import dev.warden.checks.CheckRunner;
import dev.warden.checks.CheckStatus;
import dev.warden.checks.rows.TableRowCount;
import dev.warden.checks.ExpectedSchema;
import dev.warden.checks.activity.ActivitySource;
import dev.warden.checks.builtin.Repetition;
import dev.warden.checks.builtin.SchemaDriftCheck;
import dev.warden.checks.schema.FingerprintMemory;
import dev.warden.checks.schema.SchemaFilter;
import dev.warden.checks.schema.SchemaFingerprint;
import dev.warden.config.ConfigLoader;
import dev.warden.config.IssueType;
import dev.warden.config.PostgresUri;
import dev.warden.config.Severity;
import dev.warden.config.TargetConfig;
import dev.warden.daemon.Version;
import dev.warden.daemon.metrics.WardenMetrics;
import dev.warden.daemon.snapshot.LatestSnapshot;
import dev.warden.daemon.snapshot.SnapshotMetrics;
import dev.warden.daemon.snapshot.SnapshotReason;
import dev.warden.daemon.snapshot.SnapshotService;
import dev.warden.daemon.snapshot.SnapshotStore;
import dev.warden.daemon.snapshot.SnapshotTaint;
import dev.warden.daemon.state.StateStore;
import dev.warden.postgres.Connections;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.PostgresServer;
import dev.warden.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 14 (check --once at 10,000 tables): the newest snapshot's schema is known by its hash, and an
 * unchanged catalog is answered by the hashes alone, without reading or decoding the expected
 * definitions; a real change is still reported exactly as with the definitions at hand.
 */
@ExtendWith(PostgresExtension.class)
class ExpectedSchemaByHashTest {
    private TestDatabase target;
    private TargetConfig config;
    private Vertx vertx;
    private Pool pool;
    private StateStore state;
    private LatestSnapshot stored;

    @BeforeEach
    void snapshotTheTarget(PostgresServer server) {
        target = server.createDatabase("by_hash_target");
        TestDatabase stateDatabase = server.createDatabase("by_hash_state");
        target.sql().execute("""
                CREATE SCHEMA app;
                CREATE TABLE app.orders (id bigint PRIMARY KEY, customer bigint NOT NULL, note text);
                CREATE INDEX orders_customer ON app.orders (customer);
                CREATE TABLE app.customers (id bigint PRIMARY KEY, name text NOT NULL);
                INSERT INTO app.orders SELECT g, g % 10 FROM generate_series(1, 100) g""");
        config = ConfigLoader.parse("""
                state: {url: "%s"}
                targets:
                  - name: shop
                    url: "%s"
                    critical_tables: [app.orders]
                    snapshots: {schedule: "off"}
                """.formatted(stateDatabase.uri(), target.uri()), "test", Map.of()).targets().get(0);
        vertx = Vertx.vertx();
        pool = Connections.pool(vertx, config.name(), config.connection(), config.session());
        state = StateStore.open(vertx, PostgresUri.parse(stateDatabase.uri(), Map.of()), false);
        SnapshotStore store = new SnapshotStore(state);
        new SnapshotService(vertx, config, pool, store, new SnapshotMetrics(new WardenMetrics(Version.current()),
                Clock.systemUTC()), Clock.systemUTC(), SnapshotTaint.NONE).take(SnapshotReason.MANUAL).await();
        stored = store.latest("shop", List.of("app.orders", "app.gone")).await().orElseThrow();
    }

    @AfterEach
    void close() {
        state.close().await();
        pool.close().await();
        vertx.close().await();
    }

    @Test
    void shouldReadTheStoredDefinitionsOnlyWhenAskedAndKeepThem() {
        SchemaFingerprint definitions = stored.schema().fingerprint().await();

        assertThat(definitions.hash()).isEqualTo(stored.schema().hash());
        assertThat(definitions.objects()).containsKeys("table:app.orders", "table:app.customers");
        assertThat(stored.schema().fingerprint().await()).as("read once, then kept").isSameAs(definitions);
        assertThat(stored.rows().tables()).as("the counts of the tables asked for, and only those")
                .extracting(TableRowCount::qualifiedName).containsExactly("app.orders");
    }

    @Test
    void shouldAnswerAnUnchangedCatalogByHashWithoutReadingTheExpectedDefinitions() {
        AtomicInteger reads = new AtomicInteger();
        ExpectedSchema byHash = counting(reads);

        CheckResult first = run(new SchemaDriftCheck(SchemaFilter.all(), new StoredFingerprint(state, "shop")), byHash);
        // A new process: the stored fingerprint, the catalog's change signals, and the hashes compared.
        CheckResult again = run(new SchemaDriftCheck(SchemaFilter.all(), new StoredFingerprint(state, "shop")), byHash);

        for (CheckResult result : new CheckResult[] {first, again}) {
            assertThat(result.status()).isEqualTo(CheckStatus.OK);
            assertThat(result.summary()).isEqualTo("schema matches the expected one");
            assertThat(result.evidence()).containsEntry("expected_hash", stored.schema().hash())
                    .containsEntry("live_hash", stored.schema().hash()).containsEntry("change_count", 0);
        }
        assertThat(again.evidence().get("live_read")).asString().contains("full=false").contains("deparsed_objects=0");
        assertThat(reads).as("reads of the expected definitions").hasValue(0);
    }

    @Test
    void shouldReportARealChangeAsTheDefinitionsAtHandDo() {
        run(new SchemaDriftCheck(SchemaFilter.all(), new StoredFingerprint(state, "shop")), counting(new AtomicInteger()));
        // Checked at once: a one-shot check scans every catalog rather than wait for the statistics to show the DDL.
        target.sql().execute("ALTER TABLE app.orders DROP COLUMN note; ALTER TABLE app.customers ADD COLUMN email text");
        AtomicInteger reads = new AtomicInteger();

        CheckResult byHash = run(new SchemaDriftCheck(SchemaFilter.all(), new StoredFingerprint(state, "shop")),
                counting(reads));
        CheckResult atHand = run(new SchemaDriftCheck(SchemaFilter.all(), FingerprintMemory.NONE),
                new ExpectedSchema(stored.schema().fingerprint().await(), stored.takenAt()));

        assertThat(byHash.status()).isEqualTo(CheckStatus.BREACH);
        assertThat(byHash.issue()).isEqualTo(IssueType.SCHEMA_MISMATCH);
        assertThat(byHash.severity()).isEqualTo(Severity.HIGH);
        assertThat(byHash.summary()).isEqualTo(atHand.summary())
                .contains("app.orders").contains("note").contains("app.customers").contains("email");
        assertThat(byHash.evidence().get("changes")).isEqualTo(atHand.evidence().get("changes"));
        assertThat(byHash.evidence().get("classified")).isEqualTo(atHand.evidence().get("classified"));
        assertThat(byHash.evidence()).containsEntry("change_count", 2).containsEntry("expected_hash", stored.schema().hash());
        assertThat(byHash.evidence().get("live_read")).asString().contains("full=false");
        assertThat(reads).as("reads of the expected definitions").hasValue(1);
    }

    @Test
    void shouldJudgeANewProcessAgainstTheStoredBaselineAsCheckOnceDoes() {
        target.sql().execute("DELETE FROM app.orders WHERE id <= 60");
        WardenMetrics metrics = new WardenMetrics(Version.current());
        SnapshotService fresh = new SnapshotService(vertx, config, pool, new SnapshotStore(state),
                new SnapshotMetrics(metrics, Clock.systemUTC()), Clock.systemUTC(), SnapshotTaint.NONE);
        fresh.load().await();
        TargetChecks checks = new TargetChecks(vertx, config, pool, state, fresh, ResultListener.NONE, metrics,
                Clock.systemUTC(), Repetition.ONCE, ActivitySource.direct());

        Map<String, CheckResult> results = checks.runAll().await().stream()
                .collect(Collectors.toMap(CheckResult::check, result -> result));

        assertThat(results.get("row_count_drift").status()).as("60 of the snapshot's 100 rows gone").isEqualTo(CheckStatus.BREACH);
        assertThat(results.get("row_count_drift").issue()).isEqualTo(IssueType.DATA_CORRUPTION);
        assertThat(results.get("row_count_drift").evidence()).containsEntry("baseline", true);
        assertThat(results.get("schema_drift").status()).isEqualTo(CheckStatus.OK);
        assertThat(results.get("schema_drift").summary()).isEqualTo("schema matches the expected one");
    }

    /** The stored snapshot's expected schema, counting how often its definitions are asked for. */
    private ExpectedSchema counting(AtomicInteger reads) {
        return ExpectedSchema.byHash(stored.schema().hash(), stored.takenAt(), () -> {
            reads.incrementAndGet();
            return stored.schema().fingerprint();
        });
    }

    private CheckResult run(SchemaDriftCheck check, ExpectedSchema expected) {
        CheckContext context = new CheckContext("shop", pool, vertx, Clock.systemUTC(),
                Baseline.none().withExpectedSchema(expected));
        return CheckRunner.run(check, context, Duration.ofSeconds(60)).await();
    }
}
