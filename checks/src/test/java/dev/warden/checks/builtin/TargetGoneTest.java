package dev.warden.checks.builtin;

import static dev.warden.checks.builtin.TargetConfigs.DEFAULT_CHECKS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.checks.Baseline;
import dev.warden.checks.Check;
import dev.warden.checks.CheckResult;
import dev.warden.checks.CheckRunner;
import dev.warden.checks.CheckStatus;
import dev.warden.checks.ExpectedSchema;
import dev.warden.checks.schema.SchemaFilter;
import dev.warden.checks.schema.SchemaFingerprint;
import dev.warden.config.CanaryQuery;
import dev.warden.testing.EmbeddedServer;
import dev.warden.testing.PostgresServer;
import dev.warden.testing.Sql;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Taking the target away, during a run and before one: every check is inconclusive, never in breach. */
class TargetGoneTest {
    private static EmbeddedServer server;
    private static CheckHarness harness;

    @BeforeAll
    static void startServer() {
        server = EmbeddedServer.start(PostgresServer.workDirectory().resolve("target-gone-" + ProcessHandle.current().pid()),
                EmbeddedServer.CLASSPATH_MAJOR);
        new Sql(server.address("postgres")).execute("CREATE TABLE orders (id int PRIMARY KEY);"
                + "INSERT INTO orders SELECT generate_series(1, 100)");
        harness = new CheckHarness(server.address("postgres"));
    }

    @AfterAll
    static void stopServer() {
        harness.close();
        server.close();
    }

    @Test
    void shouldBeInconclusiveWhenTheServerStopsMidRunAndWhileItIsDown() {
        CanaryQueriesCheck canary = new CanaryQueriesCheck(List.of(new CanaryQuery("long-report",
                "SELECT count(*) FROM orders, pg_sleep(4)", OptionalLong.empty(), Optional.empty(),
                Duration.ofSeconds(10))));
        Future<CheckResult> inFlight = CheckRunner.run(canary, harness.context(Baseline.none()), Duration.ofSeconds(30));
        Sql sql = new Sql(server.address("postgres"));
        await().atMost(Duration.ofSeconds(10)).until(() -> sql.queryLong(
                "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(4)%' AND pid <> pg_backend_pid()") == 1);

        server.stop();
        CheckResult midRun = inFlight.await();

        assertThat(midRun.status()).as(midRun.summary()).isEqualTo(CheckStatus.INCONCLUSIVE);
        assertThat(midRun.summary()).isEqualTo("canary long-report skipped: connection lost: the connection to the"
                + " target was closed");
        Baseline baseline = Baseline.none().withExpectedSchema(new ExpectedSchema(
                SchemaFingerprint.of(List.of(), List.of()), Instant.now()));
        for (Check check : everyDatabaseCheck(canary)) {
            CheckResult result = CheckRunner.run(check, harness.context(baseline), Duration.ofSeconds(20)).await();
            assertThat(result.status()).as(check.name() + ": " + result.summary()).isEqualTo(CheckStatus.INCONCLUSIVE);
            assertThat(result.summary()).contains("cannot connect to the target");
        }
        server.start();
        assertThat(harness.run(canary).status()).isEqualTo(CheckStatus.OK);
    }

    private static List<Check> everyDatabaseCheck(Check canary) {
        return List.of(canary,
                new RowCountDriftCheck(DEFAULT_CHECKS.rowCountDrift(), List.of("orders"), Duration.ofSeconds(2)),
                new LockWaitsCheck(DEFAULT_CHECKS.lockWaits()),
                new MigrationDurationCheck(DEFAULT_CHECKS.migrationDuration()),
                new SchemaDriftCheck(SchemaFilter.all()),
                new CorruptionCheck(DEFAULT_CHECKS.corruption()));
    }
}
