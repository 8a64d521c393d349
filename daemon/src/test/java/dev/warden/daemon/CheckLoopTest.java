package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.config.ConfigLoader;
import dev.warden.daemon.alert.AlertmanagerProcess;
import dev.warden.testing.EmbeddedServer;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.PostgresServer;
import dev.warden.testing.Sql;
import dev.warden.testing.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The whole detect loop in the daemon: checks on a schedule, metrics, one decision, and none from a lost target. */
@ExtendWith(PostgresExtension.class)
class CheckLoopTest {

    @Test
    void shouldDecideOnceWhenACriticalTableLosesFortyPercent(TestDatabase target) throws Exception {
        target.sql().execute("CREATE TABLE orders (id int PRIMARY KEY); INSERT INTO orders SELECT generate_series(1, 1000)");
        Warden warden = start(target.uri(), target.address().withDatabase(target.name() + "_state").uri(), null);
        try {
            assertThat(HttpProbe.post(warden.baseUrl() + "/api/targets/app/snapshots", "{}").status()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(10)).until(() -> status(warden, "row_count_drift") == 0.0);

            target.sql().execute("DELETE FROM orders WHERE id <= 400");

            await().atMost(Duration.ofSeconds(10)).until(() -> decisions(warden).size() == 1);
            JsonObject decision = decisions(warden).getJsonObject(0);
            assertThat(decision.getString("target")).isEqualTo("app");
            // Issue 10: with no restorable backup configured, the default row falls back to freeze and says so.
            assertThat(decision.getString("strategy")).isEqualTo("freeze");
            assertThat(decision.getString("mode")).isEqualTo("auto");
            assertThat(decision.getJsonArray("reasoning").encode()).contains("data_corruption/critical -> freeze")
                    .contains("fallback: full_rollback cannot run on app").contains("public.orders lost 400 rows (40.0%)");

            String metrics = HttpProbe.get(warden.baseUrl() + "/metrics").body();
            assertThat(MetricsText.value(metrics, "warden_check_status{check=\"row_count_drift\",target=\"app\"}")).hasValue(1.0);
            assertThat(MetricsText.value(metrics,
                    "warden_row_count_drift_ratio{relname=\"orders\",schemaname=\"public\",target=\"app\"}")).hasValue(-0.4);
            assertThat(MetricsText.value(metrics, "warden_decisions_total{issue=\"data_corruption\",mode=\"auto\","
                    + "severity=\"critical\",strategy=\"freeze\",target=\"app\"}")).hasValue(1.0);
            assertThat(Promtool.checkMetrics(metrics)).isEmpty();

            double runs = runs(warden, "breach");
            await().atMost(Duration.ofSeconds(10)).until(() -> runs(warden, "breach") >= runs + 3);
            // Issue 10: the cooldown holds, and is said once for the incident.
            assertThat(decisions(warden)).as("one breach, one decision acted on").hasSize(2);
            assertThat(decisions(warden).getJsonObject(0).getJsonObject("outcome").getString("detail"))
                    .startsWith("not acted: the rule's cooldown in incident");
            assertThat(decisions(warden).getJsonObject(1).getJsonObject("outcome").getString("kind")).isEqualTo("frozen");

            JsonArray checks = new JsonObject(HttpProbe.get(warden.baseUrl() + "/api/targets/app/checks").body())
                    .getJsonArray("checks");
            assertThat(checks.encode()).contains("\"check\":\"row_count_drift\",\"status\":\"breach\"");
        } finally {
            warden.stop();
            dropState(target);
        }
    }

    @Test
    void shouldBeInconclusiveAndDecideNothingWhenTheTargetGoesAway(TestDatabase state) {
        EmbeddedServer server = EmbeddedServer.start(PostgresServer.workDirectory().resolve("gone-" + ProcessHandle.current().pid()),
                EmbeddedServer.CLASSPATH_MAJOR);
        new Sql(server.address("postgres")).execute("CREATE TABLE orders (id int PRIMARY KEY); INSERT INTO orders VALUES (1)");
        AlertmanagerProcess alertmanager = AlertmanagerProcess.prepare("gone", "http://127.0.0.1:9/").start();
        Warden warden = start(server.address("postgres").uri(), state.uri(), alertmanager.url());
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> status(warden, "row_count_drift") == 0.0);
            server.stop();

            await().atMost(Duration.ofSeconds(10)).until(() -> status(warden, "row_count_drift") == 2.0
                    && status(warden, "lock_waits") == 2.0 && status(warden, "schema_drift") == 2.0);
            double inconclusive = runs(warden, "inconclusive");
            await().atMost(Duration.ofSeconds(10)).until(() -> runs(warden, "inconclusive") >= inconclusive + 6);
            assertThat(decisions(warden)).isEmpty();
            assertThat(runs(warden, "breach")).isZero();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(alertmanager.alerts().encode())
                    .contains("\"alertname\":\"WardenCheckInconclusive\"")
                    .contains("\"alertname\":\"WardenTargetDown\"")
                    .doesNotContain("WardenCheckBreach").doesNotContain("WardenDecision"));
        } finally {
            warden.stop();
            server.close();
            alertmanager.close();
        }
    }

    /** Issue 11: an additive change is alerted low and decided on never; a breaking one still is. */
    @Test
    void shouldAlertAnAdditiveSchemaChangeLowAndDecideNothing(TestDatabase target) {
        target.sql().execute("CREATE SCHEMA crm; CREATE TABLE crm.people (id int PRIMARY KEY, note text)");
        AlertmanagerProcess alertmanager = AlertmanagerProcess.prepare("additive", "http://127.0.0.1:9/").start();
        Warden warden = start(target.uri(), target.address().withDatabase(target.name() + "_state").uri(),
                alertmanager.url());
        try {
            assertThat(HttpProbe.post(warden.baseUrl() + "/api/targets/app/snapshots", "{}").status()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(10)).until(() -> status(warden, "schema_drift") == 0.0);

            target.sql().execute("ALTER TABLE crm.people ADD COLUMN nickname text");
            target.sql().execute("CREATE INDEX CONCURRENTLY people_note_idx ON crm.people (note)");

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(alertmanager.alerts().encode())
                    .contains("\"issue\":\"schema_change\"").contains("\"severity\":\"info\"")
                    .contains("new column crm.people.nickname"));
            String driftPasses = "warden_check_runs_total{check=\"schema_drift\",result=\"ok\",target=\"app\"}";
            double passes = MetricsText.value(HttpProbe.get(warden.baseUrl() + "/metrics").body(), driftPasses).orElse(0);
            await().atMost(Duration.ofSeconds(10)).until(() -> MetricsText.value(
                    HttpProbe.get(warden.baseUrl() + "/metrics").body(), driftPasses).orElse(0) >= passes + 4);
            assertThat(status(warden, "schema_drift")).as("the additive change became expected").isEqualTo(0.0);
            assertThat(decisions(warden)).as("an additive change never leads to a decision").isEmpty();

            target.sql().execute("ALTER TABLE crm.people DROP COLUMN note");

            await().atMost(Duration.ofSeconds(15)).until(() -> decisions(warden).size() == 1);
            assertThat(decisions(warden).getJsonObject(0).getString("issue")).isEqualTo("schema_mismatch");
            assertThat(decisions(warden).getJsonObject(0).getJsonArray("reasoning").encode())
                    .contains("dropped column crm.people.note");
        } finally {
            warden.stop();
            alertmanager.close();
            dropState(target);
            target.sql().execute("DROP SCHEMA crm CASCADE");
        }
    }

    private static Warden start(String targetUrl, String stateUrl, String alertmanager) {
        return Warden.start(ConfigLoader.parse("""
                server: {port: 0}
                state: {url: "%s"}
                alerting: {alertmanagers: [%s], resend_interval: 200ms}
                targets:
                  - name: app
                    url: "%s"
                    critical_tables: [orders]
                    heartbeat_interval: 200ms
                    connection: {reconnect_initial_backoff: 100ms, reconnect_max_backoff: 200ms, connect_timeout: 500ms}
                    snapshots: {schedule: "off"}
                    checks:
                      row_count_drift: {schedule: 1s, timeout: 1s}
                      lock_waits: {schedule: 1s, timeout: 1s}
                      schema_drift: {schedule: 1s, timeout: 1s}
                      migration_duration: {enabled: false}
                      corruption: {enabled: false}
                """.formatted(stateUrl, alertmanager == null ? "" : "\"" + alertmanager + "\"", targetUrl), "test",
                Map.of()), Clock.systemUTC());
    }

    private static double status(Warden warden, String check) {
        return MetricsText.value(HttpProbe.get(warden.baseUrl() + "/metrics").body(),
                "warden_check_status{check=\"" + check + "\",target=\"app\"}").orElse(-1);
    }

    private static double runs(Warden warden, String result) {
        String metrics = HttpProbe.get(warden.baseUrl() + "/metrics").body();
        return metrics.lines().filter(l -> l.startsWith("warden_check_runs_total{") && l.contains("result=\"" + result + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static JsonArray decisions(Warden warden) {
        return new JsonObject(HttpProbe.get(warden.baseUrl() + "/api/decisions").body()).getJsonArray("decisions");
    }

    private static void dropState(TestDatabase target) {
        new Sql(target.server().admin()).execute("DROP DATABASE IF EXISTS \"" + target.name() + "_state\" WITH (FORCE)");
    }
}
