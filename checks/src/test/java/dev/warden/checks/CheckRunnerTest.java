package dev.warden.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.config.IssueType;
import dev.warden.config.Severity;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A check that could not run is inconclusive, never a breach, whatever went wrong. */
@ExtendWith(PostgresExtension.class)
class CheckRunnerTest {
    private static TestDatabase database;
    private static Vertx vertx;
    private static Pool pool;

    @BeforeAll
    static void start(TestDatabase testDatabase) {
        database = testDatabase;
        database.sql().execute("CREATE TABLE guarded (id int PRIMARY KEY)");
        vertx = Vertx.vertx();
        pool = testDatabase.wardenPool(vertx);
    }

    @AfterAll
    static void stop() {
        pool.close().await();
        vertx.close().await();
    }

    @Test
    void shouldPassAResultThrough() {
        CheckResult result = run(context -> Future.succeededFuture(CheckResult.breach("probe", context.now(),
                IssueType.QUERY_ERRORS, Severity.HIGH, "broken", Map.of("seen", 1))), Duration.ofSeconds(5));

        assertThat(result.status()).isEqualTo(CheckStatus.BREACH);
        assertThat(result.evidence()).containsEntry("seen", 1);
    }

    @Test
    void shouldMakeARealStatementTimeoutInconclusive() {
        CheckResult result = run(context -> context.pool()
                .query("SET LOCAL statement_timeout = '50ms'; SELECT pg_sleep(2)").execute()
                .map(rows -> CheckResult.ok("probe", context.now(), "slept", Map.of())), Duration.ofSeconds(5));

        assertThat(result.status()).isEqualTo(CheckStatus.INCONCLUSIVE);
        assertThat(result.summary()).startsWith("statement timeout or cancelled (57014): canceling statement");
        assertThat(result.severity()).isNull();
    }

    @Test
    void shouldMakeARealLockTimeoutInconclusive() throws Exception {
        try (Connection migration = database.sql().connect()) {
            migration.setAutoCommit(false);
            migration.createStatement().execute("LOCK TABLE guarded IN ACCESS EXCLUSIVE MODE");

            CheckResult result = run(context -> context.pool().query("SELECT count(*) FROM guarded").execute()
                    .map(rows -> CheckResult.ok("probe", context.now(), "counted", Map.of())), Duration.ofSeconds(5));

            assertThat(result.status()).isEqualTo(CheckStatus.INCONCLUSIVE);
            assertThat(result.summary()).startsWith("lock not available (55P03)");
            migration.rollback();
        }
    }

    @Test
    void shouldMakeACheckThatOutlastsItsTimeoutInconclusive() {
        Promise<CheckResult> never = Promise.promise();

        CheckResult result = run(context -> never.future(), Duration.ofMillis(100));

        assertThat(result.status()).isEqualTo(CheckStatus.INCONCLUSIVE);
        assertThat(result.summary()).isEqualTo("timed out: the check did not finish within 100 ms");
        assertThat(result.check()).isEqualTo("probe");
    }

    @Test
    void shouldMakeAnExceptionOrAMissingResultInconclusive() {
        CheckResult thrown = run(context -> {
            throw new IllegalStateException("bug in the check");
        }, Duration.ofSeconds(5));
        CheckResult empty = run(context -> null, Duration.ofSeconds(5));

        assertThat(thrown.status()).isEqualTo(CheckStatus.INCONCLUSIVE);
        assertThat(thrown.summary()).isEqualTo("IllegalStateException: bug in the check");
        assertThat(empty.status()).isEqualTo(CheckStatus.INCONCLUSIVE);
        assertThat(empty.summary()).isEqualTo("the check returned no result");
    }

    @Test
    void shouldKeepResultsConsistent() {
        Instant now = Instant.now();
        assertThatThrownBy(() -> new CheckResult("probe", CheckStatus.OK, Severity.HIGH, IssueType.QUERY_ERRORS, "x",
                Map.of(), Map.of(), now)).isInstanceOf(IllegalArgumentException.class);
        assertThat(CheckResult.inconclusive("probe", now, "first line\n  second line").summary())
                .isEqualTo("first line second line");
    }

    private static CheckResult run(Function<CheckContext, Future<CheckResult>> body, Duration timeout) {
        Check check = new Check() {
            public String name() {
                return "probe";
            }

            public Future<CheckResult> run(CheckContext context) {
                return body.apply(context);
            }
        };
        return CheckRunner.run(check, CheckContext.of("test", pool, vertx), timeout).await();
    }
}
