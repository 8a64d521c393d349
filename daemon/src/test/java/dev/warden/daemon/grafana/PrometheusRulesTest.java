package dev.warden.daemon.grafana;

import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.daemon.Promtool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The alert and recording rules: valid for promtool, unit-tested, named as the issue asks, each with its runbook. */
class PrometheusRulesTest {
    private static final Path UNIT_TESTS = GrafanaFiles.GRAFANA.resolve("prometheus/tests/warden-rules.test.yml");
    /** Where the example rules link their runbooks (Warden's own alerts link the runbooks Warden serves). */
    private static final String RULES_RUNBOOKS = "https://github.com/warden/warden/blob/main/docs/runbooks/";
    private static final Path RUNBOOKS = GrafanaFiles.GRAFANA.resolveSibling("docs").resolve("runbooks");

    @Test
    void shouldPassPromtoolCheckRules() throws Exception {
        Promtool.Result check = Promtool.checkRules(GrafanaFiles.ALERT_RULES, GrafanaFiles.RECORDING_RULES);

        assertThat(check.ok()).as(check.output()).isTrue();
        assertThat(check.output()).contains("SUCCESS: 13 rules found").contains("SUCCESS: 3 rules found");
    }

    @Test
    void shouldPassTheRuleUnitTests() throws Exception {
        Promtool.Result tests = Promtool.testRules(UNIT_TESTS);

        assertThat(tests.ok()).as(tests.output()).isTrue();
        assertThat(tests.output()).contains("SUCCESS");
    }

    @Test
    void shouldFailTheUnitTestsWhenAThresholdMoves() throws Exception {
        Path copy = Path.of("target", "rules-mutated").toAbsolutePath();
        Files.createDirectories(copy.resolve("rules"));
        Files.createDirectories(copy.resolve("tests"));
        Files.copy(UNIT_TESTS, copy.resolve("tests/warden-rules.test.yml"), REPLACE_EXISTING);
        Files.copy(GrafanaFiles.RECORDING_RULES, copy.resolve("rules/warden-recording.yml"),
                REPLACE_EXISTING);
        String alerts = Files.readString(GrafanaFiles.ALERT_RULES);
        assertThat(alerts).contains("warden_migration_running_seconds > 1800\n");
        Files.writeString(copy.resolve("rules/warden-alerts.yml"),
                alerts.replace("warden_migration_running_seconds > 1800\n", "warden_migration_running_seconds > 2400\n"));

        Promtool.Result tests = Promtool.testRules(copy.resolve("tests/warden-rules.test.yml"));

        assertThat(tests.ok()).as("a critical threshold at 40 instead of 30 minutes fails the unit tests").isFalse();
        assertThat(tests.output()).contains("WardenMigrationRunningLong");
    }

    @Test
    void shouldDefineEveryAlertOfTheIssueWithSeveritySummaryAndItsRunbookPage() {
        Map<String, List<String>> severities = new LinkedHashMap<>();
        for (JsonNode rule : GrafanaFiles.rules(GrafanaFiles.ALERT_RULES)) {
            String name = rule.path("alert").asText();
            String severity = rule.path("labels").path("severity").asText();
            severities.computeIfAbsent(name, n -> new ArrayList<>()).add(severity);
            JsonNode annotations = rule.path("annotations");
            assertThat(severity).as(name).isIn("warning", "critical");
            assertThat(annotations.path("summary").asText()).as(name + " summary").isNotBlank();
            assertThat(annotations.path("description").asText()).as(name + " description").isNotBlank();
            assertThat(annotations.path("runbook_url").asText()).as(name + " runbook_url")
                    .isEqualTo(RULES_RUNBOOKS + name + ".md");
            assertThat(RUNBOOKS.resolve(name + ".md")).as("the runbook page of " + name).isRegularFile();
        }
        assertThat(severities).containsOnlyKeys("WardenTargetDown", "WardenStateStoreDown", "WardenMigrationRunningLong", "WardenLockWaitHigh",
                "WardenRowCountDrop", "WardenCorruptionDetected", "WardenRollbackFailed", "WardenRollbackOverBudget",
                "WardenBackupStale", "WardenChecksInconclusive", "WardenMigrationFailed", "WardenSplitBrain");
        assertThat(severities.get("WardenMigrationRunningLong")).containsExactly("warning", "critical");
    }

    @Test
    void shouldRecordExactlyTheSeriesTheDashboardsWereAgreedToUse() {
        Map<String, String> recorded = new LinkedHashMap<>();
        GrafanaFiles.rules(GrafanaFiles.RECORDING_RULES).forEach(r -> recorded.put(r.path("record").asText(), r.path("expr").asText()));

        assertThat(recorded).containsExactly(
                Map.entry("target:warden_check_status:breaching", "sum by (target) (warden_check_status == bool 1)"),
                Map.entry("target:warden_check_status:inconclusive", "sum by (target) (warden_check_status == bool 2)"),
                Map.entry("target:warden_rollbacks:increase24h", "sum by (target) (increase(warden_rollbacks_total[24h]))"));
    }
}
