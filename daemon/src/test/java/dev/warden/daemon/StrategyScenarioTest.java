package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import dev.warden.config.ConfigLoader;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.PostgresServer;
import dev.warden.testing.Sql;
import dev.warden.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** From a breach to an action outside the database's copies: a deploy webhook, a feature flag. */
@ExtendWith(PostgresExtension.class)
class StrategyScenarioTest {
    private Warden warden;
    private HttpServer deploy;

    @AfterEach
    void stop() {
        if (warden != null) {
            warden.stop();
        }
        if (deploy != null) {
            deploy.stop(0);
        }
    }

    @Test
    void shouldCallTheDeployWebhookWithTheDecisionWhenACanaryFails(PostgresServer server) throws Exception {
        TestDatabase target = server.createDatabase("code_revert");
        // The deploy system's revert is what makes the canary pass again: here it puts the rows back.
        List<String> calls = deploySystem(() -> target.sql().execute("INSERT INTO orders SELECT generate_series(6, 10)"));
        warden = startWithCanary(target, "5m");

        target.sql().execute("DELETE FROM orders WHERE id > 5");

        await().atMost(Duration.ofSeconds(20)).until(() -> !calls.isEmpty());
        JsonObject decision = new JsonObject(HttpProbe.get(warden.baseUrl() + "/api/decisions").body())
                .getJsonArray("decisions").getJsonObject(0);
        assertThat(decision.getString("strategy")).isEqualTo("code_revert");
        assertThat(calls.get(0)).startsWith("POST /rollback?service=app key=")
                .contains(decision.getString("id")).contains("query_errors");
        JsonObject rollback = awaitEnded();
        assertThat(rollback.getString("status")).as(rollback.encodePrettily()).isEqualTo("succeeded");
        assertThat(rollback.getJsonArray("evidence").encode()).contains("check canary_queries ok");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(MetricsText.value(
                HttpProbe.get(warden.baseUrl() + "/metrics").body(),
                "warden_rollback_within_budget{strategy=\"code_revert\",target=\"app\"}")).hasValue(1.0));
        assertThat(calls).as("one decision, one revert").hasSize(1);
    }

    @Test
    void shouldEndPartialWhenTheCanaryStillFailsAfterTheRevert(PostgresServer server) throws Exception {
        TestDatabase target = server.createDatabase("code_revert_fails");
        List<String> calls = deploySystem(() -> { });
        warden = startWithCanary(target, "1s");

        target.sql().execute("DELETE FROM orders WHERE id > 5");

        JsonObject rollback = awaitEnded();
        assertThat(calls).hasSize(1);
        assertThat(rollback.getString("status")).as(rollback.encodePrettily()).isEqualTo("partial");
        assertThat(rollback.getJsonArray("evidence").encode()).contains("check canary_queries breach");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(MetricsText.value(
                HttpProbe.get(warden.baseUrl() + "/metrics").body(),
                "warden_rollback_within_budget{strategy=\"code_revert\",target=\"app\"}")).hasValue(0.0));
    }

    /** A deploy system's rollback webhook that records each call and then does {@code revert}. */
    private List<String> deploySystem(Runnable revert) throws Exception {
        List<String> calls = new CopyOnWriteArrayList<>();
        deploy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        deploy.createContext("/", exchange -> {
            calls.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " key="
                    + exchange.getRequestHeaders().getFirst("Idempotency-Key") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            revert.run();
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        deploy.start();
        return calls;
    }

    private Warden startWithCanary(TestDatabase target, String timeBudget) {
        target.sql().execute("CREATE TABLE orders (id int PRIMARY KEY); INSERT INTO orders SELECT generate_series(1, 10)");
        return start(target, """
                decision_matrix:
                  - {issue: query_errors, severity: high, strategy: code_revert, time_budget: %s, breaches_in_a_row: 1}
                """.formatted(timeBudget), "{canary_queries: {schedule: 1s, timeout: 1s, queries: [{name: orders, sql:"
                + " \"SELECT count(*) FROM orders\", expected_value: \"10\"}]}}",
                "{code_revert: {webhook: {url: \"http://127.0.0.1:" + deploy.getAddress().getPort()
                        + "/rollback?service={{target}}\"}}}");
    }

    /** The newest rollback, once it has ended. */
    private JsonObject awaitEnded() {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            var rollbacks = new JsonObject(HttpProbe.get(warden.baseUrl() + "/api/rollbacks").body()).getJsonArray("rollbacks");
            if (rollbacks.isEmpty()) {
                return null;
            }
            JsonObject one = new JsonObject(HttpProbe.get(warden.baseUrl() + "/api/rollbacks/"
                    + rollbacks.getJsonObject(0).getString("id")).body());
            return Set.of("succeeded", "partial", "failed", "needs_attention").contains(one.getString("status")) ? one : null;
        }, Objects::nonNull);
    }

    @Test
    void shouldTurnTheFlagOffWhenSessionsPileUpBehindAMigration(PostgresServer server) throws Exception {
        TestDatabase target = server.createDatabase("feature_flag");
        target.sql().execute("""
                CREATE TABLE flags (key text PRIMARY KEY, enabled boolean NOT NULL);
                INSERT INTO flags VALUES ('new-checkout', true);
                CREATE TABLE orders (id int PRIMARY KEY); INSERT INTO orders VALUES (1)""");
        warden = start(target, """
                decision_matrix:
                  - {issue: performance_degradation, severity: medium, strategy: feature_flag, time_budget: 1m, breaches_in_a_row: 1}
                """, "{lock_waits: {schedule: 1s, timeout: 1s, warn_after: 1s, critical_after: 1h}}",
                "{feature_flag: {sql: {table: public.flags, key: new-checkout}}}");
        try (LockPileUp pileUp = new LockPileUp(target)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> target.sql()
                    .queryColumn("SELECT enabled FROM flags WHERE key = 'new-checkout'").get(0).equals("f"));
        }
        JsonObject decision = new JsonObject(HttpProbe.get(warden.baseUrl() + "/api/decisions").body())
                .getJsonArray("decisions").getJsonObject(0);
        assertThat(decision.getString("strategy")).isEqualTo("feature_flag");
        assertThat(decision.getString("issue")).isEqualTo("performance_degradation");
        JsonObject rollback = awaitEnded();
        assertThat(rollback.getString("status")).as(rollback.encodePrettily()).isEqualTo("succeeded");
        assertThat(rollback.getJsonArray("evidence").encode()).contains("check lock_waits ok");
    }

    @Test
    void shouldPageAHumanWhenTheDefaultMatrixChoosesAFlagTheTargetDoesNotHave(PostgresServer server) throws Exception {
        TestDatabase target = server.createDatabase("no_flag");
        target.sql().execute("CREATE TABLE orders (id int PRIMARY KEY); INSERT INTO orders VALUES (1)");
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger wardenLog = (Logger) LoggerFactory.getLogger("dev.warden");
        log.start();
        wardenLog.addAppender(log);
        warden = start(target, "", "{lock_waits: {schedule: 1s, timeout: 1s, warn_after: 1s, critical_after: 1h}}", "{}");
        try (LockPileUp pileUp = new LockPileUp(target)) {
            JsonObject decision = await().atMost(Duration.ofSeconds(20)).until(() -> {
                var decisions = new JsonObject(HttpProbe.get(warden.baseUrl() + "/api/decisions").body())
                        .getJsonArray("decisions");
                return decisions.isEmpty() ? null : decisions.getJsonObject(0);
            }, Objects::nonNull);
            assertThat(decision.getString("issue")).isEqualTo("performance_degradation");
            assertThat(decision.getString("strategy")).as("the default row's fallback").isEqualTo("freeze");
            assertThat(decision.getJsonArray("reasoning").encode()).contains("fallback: feature_flag cannot run on app");
            JsonObject rollback = awaitEnded();
            assertThat(rollback.getString("strategy")).isEqualTo("freeze");
            assertThat(rollback.getString("status")).as(rollback.encodePrettily()).isEqualTo("succeeded");
        } finally {
            wardenLog.detachAppender(log);
        }
        assertThat(log.list).filteredOn(event -> event.getLevel() == Level.ERROR)
                .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
    }

    private static long waiting(TestDatabase target) {
        return target.sql().queryLong("SELECT count(*) FROM pg_locks WHERE NOT granted");
    }

    /** A migration's lock pile-up on orders: a reader's open transaction, an ALTER behind it, a SELECT behind that. */
    private static final class LockPileUp implements AutoCloseable {
        private final ExecutorService queue = Executors.newFixedThreadPool(2);
        private final Connection reader;

        LockPileUp(TestDatabase target) throws SQLException {
            reader = target.sql().connect();
            reader.setAutoCommit(false);
            try (Statement read = reader.createStatement()) {
                read.execute("SELECT * FROM orders");
            }
            queue.submit(() -> new Sql(target.address()).execute("ALTER TABLE orders ADD COLUMN note text"));
            await().atMost(Duration.ofSeconds(5)).until(() -> waiting(target) >= 1);
            queue.submit(() -> new Sql(target.address()).queryLong("SELECT count(*) FROM orders"));
        }

        @Override
        public void close() throws SQLException {
            try {
                reader.rollback();
                reader.close();
            } finally {
                queue.shutdown();
            }
        }
    }

    /** @param checks a flow mapping of the checks to run (the others are disabled) */
    private static Warden start(TestDatabase target, String topLevel, String checks, String rollback) {
        String disabled = "corruption: {enabled: false}, schema_drift: {enabled: false},"
                + " migration_duration: {enabled: false}, ";
        return Warden.start(ConfigLoader.parse("""
                server: {port: 0}
                state: {url: "%s"}
                %s
                targets:
                  - name: app
                    url: "%s"
                    snapshots: {schedule: "off"}
                    checks: {%s%s
                    rollback: %s
                """.formatted(target.address().withDatabase(target.name() + "_state").uri(), topLevel, target.uri(),
                disabled, checks.substring(1), rollback), "test", Map.of()), Clock.systemUTC());
    }
}
