package dev.warden.daemon.grafana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.config.IssueType;
import dev.warden.config.Severity;
import dev.warden.daemon.HttpProbe;
import dev.warden.daemon.Promtool;
import dev.warden.daemon.alert.Alert;
import dev.warden.daemon.alert.AlertmanagerProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The example Prometheus and Alertmanager configurations: valid for their own tools, and the inhibition does its job. */
class ExampleConfigsTest {
    private static final String COMPOSE_RULES = "/etc/prometheus/rules/*.yml";

    @Test
    void shouldPassPromtoolCheckConfigWithTheRulesWhereComposeMountsThem() throws Exception {
        String config = Files.readString(GrafanaFiles.PROMETHEUS_CONFIG);
        assertThat(config).contains("'warden:9746'").contains("'alertmanager:9093'").contains(COMPOSE_RULES);
        // Compose mounts grafana/prometheus/rules at /etc/prometheus/rules: check the same glob against the folder.
        Path copy = Files.createDirectories(Path.of("target", "example-configs").toAbsolutePath()).resolve("prometheus.yml");
        Files.writeString(copy, config.replace(COMPOSE_RULES, GrafanaFiles.RULES.resolve("*.yml").toString()));

        Promtool.Result check = Promtool.checkConfig(copy);

        assertThat(check.ok()).as(check.output()).isTrue();
        assertThat(check.output()).contains("SUCCESS: 2 rule files found");
    }

    @Test
    void shouldPassAmtoolCheckConfig() throws Exception {
        Promtool.Result check = Amtool.checkConfig(GrafanaFiles.ALERTMANAGER_CONFIG);

        assertThat(check.ok()).as(check.output()).isTrue();
        assertThat(check.output()).contains("1 inhibit rules").contains("1 receivers");
    }

    @Test
    void shouldLetACriticalAlertSilenceOnlyItsWarningForTheSameTargetAndMigration() throws Exception {
        try (AlertmanagerProcess alertmanager = AlertmanagerProcess.prepareWithConfig("example",
                Files.readString(GrafanaFiles.ALERTMANAGER_CONFIG)).start()) {
            JsonArray alerts = new JsonArray()
                    .add(alert("WardenMigrationRunningLong", "critical", "shop", "42"))
                    .add(alert("WardenMigrationRunningLong", "warning", "shop", "42"))
                    .add(alert("WardenMigrationRunningLong", "warning", "shop", "43"))
                    .add(alert("WardenMigrationRunningLong", "warning", "ledger", "42"))
                    .add(alert("WardenRowCountDrop", "critical", "shop", null))
                    .add(alert("WardenLockWaitHigh", "warning", "shop", null));
            assertThat(HttpProbe.post(alertmanager.url() + "/api/v2/alerts", alerts.encode()).status()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Map<String, JsonObject> byKey = HeldAlerts.byKey(alertmanager.alerts());
                assertThat(byKey).hasSize(6);
                String critical = byKey.get("WardenMigrationRunningLong/critical/shop/42").getString("fingerprint");
                assertThat(byKey.get("WardenMigrationRunningLong/warning/shop/42").getJsonObject("status").encode())
                        .contains("\"state\":\"suppressed\"").contains("\"inhibitedBy\":[\"" + critical + "\"]");
                byKey.forEach((key, alert) -> {
                    if (!key.equals("WardenMigrationRunningLong/warning/shop/42")) {
                        assertThat(alert.getJsonObject("status").getString("state")).as(key).isEqualTo("active");
                    }
                });
            });
        }
    }

    @Test
    void shouldLetWardensOwnCriticalBreachSilenceOnlyItsWarningTwin() throws Exception {
        Alert critical = Alert.checkBreach("shop", "row_count_drift", IssueType.DATA_CORRUPTION, Severity.CRITICAL, "s");
        Alert twin = Alert.checkBreach("shop", "row_count_drift", IssueType.DATA_CORRUPTION, Severity.MEDIUM, "s");
        Alert otherCheck = Alert.checkBreach("shop", "lock_waits", IssueType.DATA_CORRUPTION, Severity.MEDIUM, "s");
        Alert otherTarget = Alert.checkBreach("ledger", "row_count_drift", IssueType.DATA_CORRUPTION, Severity.MEDIUM, "s");
        Alert info = Alert.checkBreach("shop", "row_count_drift", IssueType.DATA_CORRUPTION, Severity.LOW, "s");
        try (AlertmanagerProcess alertmanager = AlertmanagerProcess.prepareWithConfig("example-pushed",
                Files.readString(GrafanaFiles.ALERTMANAGER_CONFIG)).start()) {
            JsonArray alerts = new JsonArray();
            for (Alert alert : List.of(critical, twin, otherCheck, otherTarget, info)) {
                alerts.add(new JsonObject().put("labels", new JsonObject(Map.<String, Object>copyOf(alert.labels()))));
            }
            assertThat(HttpProbe.post(alertmanager.url() + "/api/v2/alerts", alerts.encode()).status()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Map<String, JsonObject> byKey = new HashMap<>();
                alertmanager.alerts().forEach(held -> {
                    JsonObject alert = (JsonObject) held;
                    byKey.put(new Alert(alert.getJsonObject("labels").getMap().entrySet().stream().collect(
                            Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue()))), Map.of(), "").key(),
                            alert);
                });
                assertThat(byKey).containsOnlyKeys(critical.key(), twin.key(), otherCheck.key(), otherTarget.key(), info.key());
                assertThat(byKey.get(twin.key()).getJsonObject("status").encode()).contains("\"state\":\"suppressed\"")
                        .contains("\"inhibitedBy\":[\"" + byKey.get(critical.key()).getString("fingerprint") + "\"]");
                byKey.forEach((key, alert) -> {
                    if (!key.equals(twin.key())) {
                        assertThat(alert.getJsonObject("status").getString("state")).as(key).isEqualTo("active");
                    }
                });
            });
        }
    }

    private static JsonObject alert(String name, String severity, String target, String migration) {
        JsonObject labels = new JsonObject().put("alertname", name).put("severity", severity).put("target", target);
        if (migration != null) {
            labels.put("migration", migration);
        }
        return new JsonObject().put("labels", labels);
    }
}
