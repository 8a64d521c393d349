package dev.warden.daemon.grafana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.daemon.HttpProbe;
import dev.warden.daemon.WardenProcess;
import dev.warden.daemon.alert.AlertmanagerProcess;
import dev.warden.daemon.grafana.GrafanaFiles.Expression;
import dev.warden.testing.EmbeddedServer;
import dev.warden.testing.PostgresServer;
import dev.warden.testing.Sql;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Warden watching a real PostgreSQL, a real Prometheus scraping Warden with the repository's rules
 * (thresholds shortened from minutes to seconds) and a real Alertmanager with the example
 * configuration's inhibition. A long migration, a mass delete and an approved rollback make the
 * matching rules fire and reach Alertmanager, where the critical migration alert silences its warning;
 * and every panel of the target detail dashboard shows data.
 */
class AlertingScenarioTest {
    private static final Path WORK = PostgresServer.workDirectory().resolve("alerting-" + ProcessHandle.current().pid());
    private static final String MIGRATION = "WardenMigrationRunningLong";
    private static final String TARGET_DASHBOARD = "warden-target.json";
    /** From 10 and 30 minutes to 3 and 6 seconds; the rest keep their thresholds, and every {@code for:} becomes 0s. */
    private static final Map<String, String> SHORTER = Map.of(
            "warden_migration_running_seconds > 600", "warden_migration_running_seconds > 3",
            "warden_migration_running_seconds > 1800", "warden_migration_running_seconds > 6");

    /** Flyway's lock key on PostgreSQL: "Flyway" in bytes plus the hash code of {@code "public"."flyway_schema_history"}. */
    private static final long FLYWAY_LOCK = 0x466C79776179L + "\"public\".\"flyway_schema_history\"".hashCode();

    private EmbeddedServer server;
    private AlertmanagerProcess alertmanager;
    private WardenProcess warden;
    private PrometheusProcess prometheus;

    @AfterEach
    void stop() {
        if (prometheus != null) {
            prometheus.stop();
        }
        if (warden != null) {
            warden.close();
        }
        if (alertmanager != null) {
            alertmanager.stop();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldFireTheMatchingRulesInhibitTheWarningAndFillEveryPanelOfTheTargetDashboard() throws Exception {
        Instant begin = Instant.now();
        Sql shop = startTarget();
        String base = startPeers();
        assertThat(HttpProbe.post(base + "/api/targets/shop/snapshots", "{}").status()).as("baseline with a clone")
                .isEqualTo(201);

        // Flyway's next migration: its advisory lock and a DDL statement in an open transaction; the
        // migration_duration check sees it run (no snapshot needed).
        try (Connection migration = shop.connect()) {
            migration.setAutoCommit(false);
            migration.createStatement().execute("SELECT pg_advisory_xact_lock(" + FLYWAY_LOCK + ")");
            migration.createStatement().execute("ALTER TABLE audit_log ADD COLUMN note text");

            await("both migration alerts firing in Prometheus").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(firing(MIGRATION)).extracting(a -> a.getJsonObject("labels").getString("severity")
                            + "/" + a.getJsonObject("labels").getString("tool"))
                            .containsExactlyInAnyOrder("warning/flyway", "critical/flyway"));
            await("the warning inhibited by the critical in Alertmanager").atMost(Duration.ofSeconds(20))
                    .untilAsserted(this::assertMigrationWarningInhibitedByItsCritical);
            migration.rollback();
        }
        await("the migration alerts end with the migration").atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(firing(MIGRATION)).isEmpty());
        await("Warden's running-migration series gone with the migration").atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(HttpProbe.get(base + "/metrics").body())
                        .doesNotContain("warden_migration_running_seconds{"));

        // A mass delete: a breach, a full_rollback decision waiting for approval, then approved through the API.
        shop.execute("DELETE FROM orders WHERE id <= 400");
        awaitFiringAndDelivered("WardenRowCountDrop");
        String rollback = await("a planned rollback").atMost(Duration.ofSeconds(20)).until(() -> planned(base), id -> id != null);
        // Approved only once the decision's one-second budget is spent, so the rollback ends over budget.
        Instant deadline = Instant.parse(new JsonObject(HttpProbe.get(base + "/api/decisions").body())
                .getJsonArray("decisions").getJsonObject(0).getString("deadline"));
        await("the decision's deadline").atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(deadline));
        HttpProbe.Response approved = HttpProbe.post(base + "/api/rollbacks/" + rollback + "/approve", "{}");
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(new JsonObject(approved.body()).getString("status")).as(approved.body()).isEqualTo("succeeded");
        assertThat(shop.queryLong("SELECT count(*) FROM orders")).as("every row is back").isEqualTo(1000);
        awaitFiringAndDelivered("WardenRollbackOverBudget");

        assertThat(everFired("WardenRollbackFailed|WardenCorruptionDetected", begin))
                .as("rules that must stay silent: the rollback succeeded, nothing is corrupt").isEmpty();
        // The rollback's own series reach Prometheus with the scrape after it ended: wait for that one.
        await("every panel with data").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(emptyPanels(begin)).as("panels of %s without data", TARGET_DASHBOARD)
                        .isEmpty());
    }

    /** A dedicated server with the {@code shop} database: a critical table, a table to migrate, Flyway's history, amcheck. */
    private Sql startTarget() {
        server = EmbeddedServer.start(WORK.resolve("pg"), EmbeddedServer.CLASSPATH_MAJOR);
        new Sql(server.address("postgres")).execute("CREATE DATABASE shop");
        Sql shop = new Sql(server.address("shop"));
        shop.execute("""
                CREATE EXTENSION amcheck;
                CREATE TABLE orders (id int PRIMARY KEY); INSERT INTO orders SELECT generate_series(1, 1000);
                CREATE TABLE audit_log (id bigint PRIMARY KEY, at timestamptz NOT NULL DEFAULT now());
                CREATE TABLE flyway_schema_history (installed_rank int PRIMARY KEY, version varchar(50),
                    description varchar(200) NOT NULL, type varchar(20) NOT NULL, script varchar(1000) NOT NULL,
                    checksum int, installed_by varchar(100) NOT NULL, installed_on timestamp NOT NULL DEFAULT now(),
                    execution_time int NOT NULL, success boolean NOT NULL);
                INSERT INTO flyway_schema_history VALUES
                    (1, '1', 'create orders', 'SQL', 'V1__create_orders.sql', 1, 'app', now(), 420, true)""");
        return shop;
    }

    /** Warden, the example's Alertmanager and a Prometheus with the shortened rules; Warden's base URL once ready. */
    private String startPeers() throws Exception {
        int port = WardenProcess.freePort();
        warden = WardenProcess.start(WORK.resolve("warden.log"), Map.of(), "run", "--config", wardenConfig(port).toString());
        alertmanager = AlertmanagerProcess.prepareWithConfig("scenario",
                Files.readString(GrafanaFiles.ALERTMANAGER_CONFIG)).start();
        prometheus = PrometheusProcess.start("scenario", "127.0.0.1:" + port, List.of(
                ShortenedRules.write(GrafanaFiles.ALERT_RULES, WORK.resolve("rules/warden-alerts.yml"), SHORTER),
                GrafanaFiles.RECORDING_RULES), alertmanager.url());
        String base = "http://127.0.0.1:" + port;
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(warden.isAlive()).as(warden.output()).isTrue();
            assertThat(HttpProbe.get(base + "/health/ready").status()).isEqualTo(200);
        });
        return base;
    }

    private void assertMigrationWarningInhibitedByItsCritical() {
        Map<String, JsonObject> held = HeldAlerts.byKey(alertmanager.alerts());
        JsonObject critical = held.entrySet().stream().filter(e -> e.getKey().startsWith(MIGRATION + "/critical/shop/"))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        assertThat(critical).as("critical in %s", held.keySet()).isNotNull();
        JsonObject warning = held.get(MIGRATION + "/warning/shop/" + critical.getJsonObject("labels").getString("migration"));
        assertThat(warning).as("its warning in %s", held.keySet()).isNotNull();
        assertThat(critical.getJsonObject("status").getString("state")).isEqualTo("active");
        assertThat(warning.getJsonObject("status").getString("state")).isEqualTo("suppressed");
        assertThat(warning.getJsonObject("status").getJsonArray("inhibitedBy")).containsExactly(critical.getString("fingerprint"));
    }

    private Path wardenConfig(int port) throws Exception {
        return Files.writeString(Files.createDirectories(WORK).resolve("warden.yaml"), """
                server: {port: %d}
                state: {url: "%s"}
                decision_matrix:
                  - {issue: data_corruption, severity: critical, strategy: full_rollback, time_budget: 1s, mode: approve}
                targets:
                  - name: shop
                    url: "%s"
                    critical_tables: [orders]
                    heartbeat_interval: 500ms
                    snapshots: {schedule: "off", backup: clone}
                    checks:
                      row_count_drift: {schedule: 1s, timeout: 1s}
                      lock_waits: {schedule: 1s, timeout: 1s}
                      migration_duration: {schedule: 1s, timeout: 1s, warn_after: 1s, critical_after: 2s}
                      schema_drift: {schedule: 1s, timeout: 1s}
                      corruption: {schedule: 2s, timeout: 2s, time_budget: 500ms}
                """.formatted(port, server.address("warden").uri(), server.address("shop").uri()));
    }

    /** Firing in Prometheus, then held by Alertmanager as an active alert. */
    private void awaitFiringAndDelivered(String alertname) {
        await(alertname + " firing in Prometheus").atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(firing(alertname)).isNotEmpty());
        await(alertname + " active in Alertmanager").atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(HeldAlerts.byKey(alertmanager.alerts()).keySet())
                        .anyMatch(key -> key.startsWith(alertname + "/")));
    }

    private List<JsonObject> firing(String alertname) {
        JsonArray alerts = prometheus.alerts();
        return alerts.stream().map(JsonObject.class::cast)
                .filter(a -> a.getJsonObject("labels").getString("alertname").equals(alertname))
                .filter(a -> a.getString("state").equals("firing")).toList();
    }

    private static String planned(String base) {
        JsonArray rollbacks = new JsonObject(HttpProbe.get(base + "/api/rollbacks").body()).getJsonArray("rollbacks");
        return rollbacks.stream().map(JsonObject.class::cast).filter(r -> "planned".equals(r.getString("status")))
                .map(r -> r.getString("id")).findFirst().orElse(null);
    }

    /** Alerts of these names (a regex) that were pending or firing at any time since {@code begin}. */
    private JsonArray everFired(String alertnames, Instant begin) {
        JsonObject answer = prometheus.queryRange("ALERTS{alertname=~\"" + alertnames + "\"}", begin, Instant.now(),
                Duration.ofSeconds(1));
        assertThat(answer.getString("status")).as(answer.encode()).isEqualTo("success");
        return answer.getJsonObject("data").getJsonArray("result");
    }

    /** Each panel query of the target dashboard that returned no series over the scenario, by panel title. */
    private List<String> emptyPanels(Instant begin) {
        List<Expression> panels = GrafanaFiles.panelExpressions(GrafanaDashboards.load(TARGET_DASHBOARD), "shop");
        assertThat(panels).as("panel queries in the target dashboard").isNotEmpty();
        Instant end = Instant.now();
        return panels.stream().filter(panel -> {
            JsonObject answer = prometheus.queryRange(panel.expr(), begin, end, Duration.ofSeconds(1));
            return !"success".equals(answer.getString("status")) || answer.getJsonObject("data").getJsonArray("result").isEmpty();
        }).map(panel -> panel.where() + ": " + panel.expr()).toList();
    }
}
