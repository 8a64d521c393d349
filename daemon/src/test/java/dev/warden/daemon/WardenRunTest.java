package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import dev.warden.config.ConfigLoader;
import dev.warden.config.WardenConfig;
import dev.warden.daemon.state.StateStore;
import dev.warden.testing.PgAddress;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.Sql;
import dev.warden.testing.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** Warden in-process against a real server: what it exports, what it answers, how it treats the target. */
@ExtendWith(PostgresExtension.class)
class WardenRunTest {
    private static final String PASSWORD = "never-print-me";
    private static final String TOKEN = "test-token";
    private static TestDatabase target;
    private static Warden warden;
    private static final ListAppender<ILoggingEvent> startLog = new ListAppender<>();

    @BeforeAll
    static void start(TestDatabase database) {
        target = database;
        target.sql().execute("CREATE TABLE orders (id int PRIMARY KEY)");
        PgAddress server = target.address();
        // Trust authentication ignores the password, so it can show that none is ever printed.
        String url = new PgAddress(server.host(), server.port(), server.user(), PASSWORD, server.database()).uri();
        String stateUrl = new PgAddress(server.host(), server.port(), server.user(), PASSWORD,
                server.database() + "_state").uri();
        WardenConfig config = ConfigLoader.parse("""
                server: {port: 0, token: %s}
                state: {url: "%s"}
                targets:
                  - name: app
                    url: "%s"
                    critical_tables: [orders]
                    heartbeat_interval: 200ms
                decision_matrix:
                  - {issue: data_corruption, severity: high, strategy: read_only, time_budget: 5m}
                """.formatted(TOKEN, stateUrl, url), "test", Map.of());
        startLog.start();
        ((Logger) LoggerFactory.getLogger(Warden.class)).addAppender(startLog);
        try {
            warden = Warden.start(config, Clock.systemUTC());
        } finally {
            ((Logger) LoggerFactory.getLogger(Warden.class)).detachAppender(startLog);
        }
    }

    @AfterAll
    static void stop() {
        if (warden != null) {
            warden.stop();
        }
        new Sql(target.server().admin()).execute("DROP DATABASE IF EXISTS \"" + target.name() + "_state\" WITH (FORCE)");
    }

    @Test
    void shouldExportTheTargetAsUpWithItsServerVersion() {
        String version = target.sql().queryColumn("SHOW server_version").get(0);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            String metrics = HttpProbe.get(warden.baseUrl() + "/metrics").body();
            assertThat(MetricsText.value(metrics, "warden_target_up{target=\"app\"}")).hasValue(1.0);
            assertThat(MetricsText.value(metrics,
                    "warden_target_info{server_version=\"" + version + "\",target=\"app\"}")).hasValue(1.0);
        });
    }

    @Test
    void shouldBeReadyAndSayWhy() {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            HttpProbe.Response ready = HttpProbe.get(warden.baseUrl() + "/health/ready");
            assertThat(ready.status()).isEqualTo(200);
            JsonObject body = new JsonObject(ready.body());
            assertThat(body.getString("status")).isEqualTo("ready");
            assertThat(body.getJsonObject("state_store").getBoolean("reachable")).isTrue();
            assertThat(body.getJsonArray("targets").getJsonObject(0).getBoolean("up")).isTrue();
        });
        assertThat(HttpProbe.get(warden.baseUrl() + "/health/live").status()).isEqualTo(200);
    }

    @Test
    void shouldGuardTheApiWithTheTokenAndNeverShowThePassword() {
        HttpProbe.Response anonymous = HttpProbe.get(warden.baseUrl() + "/api/targets");
        HttpProbe.Response wrong = HttpProbe.get(warden.baseUrl() + "/api/targets", "not-the-token");
        HttpProbe.Response allowed = HttpProbe.get(warden.baseUrl() + "/api/targets", TOKEN);

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(allowed.status()).isEqualTo(200);
        JsonObject app = new JsonObject(allowed.body()).getJsonArray("targets").getJsonObject(0);
        assertThat(app.getString("name")).isEqualTo("app");
        assertThat(app.getString("url")).endsWith("/" + target.name()).doesNotContain(PASSWORD);
        assertThat(app.getJsonArray("critical_tables").getList()).containsExactly("public.orders");
    }

    @Test
    void shouldShowAndLogTheEffectiveDecisionMatrixOfEachTarget() {
        JsonArray matrix = new JsonObject(HttpProbe.get(warden.baseUrl() + "/api/targets", TOKEN).body())
                .getJsonArray("targets").getJsonObject(0).getJsonArray("decision_matrix");

        assertThat(matrix.stream().map(row -> ((JsonObject) row).getString("issue") + "/"
                + ((JsonObject) row).getString("severity") + " -> " + ((JsonObject) row).getString("strategy")))
                .as("the one user row is added, the five defaults stay, each falling back to freeze here")
                .containsExactly("query_errors/high -> freeze", "schema_mismatch/high -> freeze",
                        "performance_degradation/medium -> freeze", "data_corruption/critical -> freeze",
                        "partial_feature_failure/low -> freeze", "data_corruption/high -> read_only");
        JsonObject lockWaits = matrix.getJsonObject(2);
        assertThat(lockWaits.getString("rule_strategy")).isEqualTo("feature_flag");
        assertThat(lockWaits.getString("fallback")).isEqualTo("freeze");
        assertThat(lockWaits.getBoolean("fallback_used")).isTrue();
        assertThat(lockWaits.getString("why")).isEqualTo("feature_flag needs rollback.feature_flag (one of sql, unleash, http)");
        JsonObject userRow = matrix.getJsonObject(5);
        assertThat(userRow.getBoolean("fallback_used")).isFalse();
        assertThat(userRow.getValue("why")).isNull();
        assertThat(userRow.getValue("fallback")).isNull();

        List<String> logged = startLog.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(line -> line.startsWith("Decision matrix of ")).toList();
        assertThat(logged).as("one line per target").hasSize(1);
        assertThat(logged.get(0)).startsWith("Decision matrix of app: query_errors/high -> freeze (fallback: code_revert"
                + " needs rollback.code_revert (a webhook or a command)); ").endsWith("; data_corruption/high -> read_only");
    }

    @Test
    void shouldUseAtMostTwoSessionsWithWardensSettings() {
        await().atMost(Duration.ofSeconds(5)).until(() -> wardenSessions(target.sql()) > 0);
        assertThat(wardenSessions(target.sql())).isBetween(1L, 2L);
        Sql state = new Sql(target.address().withDatabase(target.name() + "_state"));
        assertThat(state.queryColumn("SELECT name FROM warden.targets")).containsExactly("app");
        // Was warden.schema_version, the pre-Flyway table.
        assertThat(state.queryLong("SELECT max(version::int) FROM warden.flyway_schema_history WHERE success"))
                .isEqualTo(StateStore.schemaVersion()).isGreaterThanOrEqualTo(2);
    }

    static long wardenSessions(Sql sql) {
        return sql.queryLong("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'warden'"
                + " AND datname = current_database()");
    }
}
