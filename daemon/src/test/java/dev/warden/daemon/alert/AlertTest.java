package dev.warden.daemon.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.config.IssueType;
import dev.warden.config.Severity;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertTest {

    @Test
    void shouldKeyAnAlertByItsNameAndSortedLabels() {
        Alert alert = Alert.checkBreach("orders", "row_count_drift", IssueType.DATA_CORRUPTION, Severity.CRITICAL, "s");

        assertThat(alert.key()).isEqualTo("WardenCheckBreach{check=\"row_count_drift\",issue=\"data_corruption\","
                + "issue_severity=\"critical\",severity=\"critical\",target=\"orders\"}");
        assertThat(alert.withAnnotation("description", "other").key()).isEqualTo(alert.key());
        assertThat(alert.withLabel("check", "schema").key()).isNotEqualTo(alert.key());
    }

    @Test
    void shouldLabelSeverityAsCriticalWarningOrInfoAndKeepTheIssueSeverity() {
        Map<Severity, String> expected = Map.of(Severity.CRITICAL, "critical", Severity.HIGH, "critical",
                Severity.MEDIUM, "warning", Severity.LOW, "info");
        expected.forEach((severity, label) -> {
            Alert breach = Alert.checkBreach("orders", "schema_drift", IssueType.SCHEMA_MISMATCH, severity, "s");
            Alert decision = Alert.decision("orders", IssueType.SCHEMA_MISMATCH, severity, "s", "branch_swap decided");
            for (Alert alert : new Alert[] {breach, decision}) {
                assertThat(alert.label("severity")).as(severity + " " + alert.alertname()).isEqualTo(label);
                assertThat(alert.label("issue_severity")).isEqualTo(severity.name().toLowerCase());
            }
        });
        assertThat(Alert.targetDown("orders", "s").label("severity")).isEqualTo("critical");
        assertThat(Alert.checkInconclusive("orders", "lock_waits", Severity.MEDIUM, "s").label("severity"))
                .isEqualTo("warning");
    }

    @Test
    void shouldDescribeInASentenceAndKeepTheEvidenceApart() {
        Alert alert = Alert.checkBreach("orders", "row_count_drift", IssueType.DATA_CORRUPTION, Severity.CRITICAL,
                        "public.orders lost 400 rows (40.0%)")
                .withEvidence(Map.of("relname", "orders", "ratio", -0.4));

        assertThat(alert.annotation("description")).isEqualTo("row_count_drift found a critical data_corruption breach"
                + " on orders: public.orders lost 400 rows (40.0%). When the target's decision matrix has a rule for"
                + " it, a WardenDecision alert says what became of it; without one (schema_change, for instance) it is"
                + " only alerted. It resolves when row_count_drift passes again.");
        assertThat(new JsonObject(alert.annotation("evidence")).getMap())
                .containsExactlyInAnyOrderEntriesOf(Map.of("relname", "orders", "ratio", -0.4));
        assertThat(Alert.decision("orders", IssueType.DATA_CORRUPTION, Severity.CRITICAL,
                "public.orders lost 400 rows (40.0%)", "full_rollback pending approval").annotation("description"))
                .isEqualTo("The decision matrix decided on a critical data_corruption on orders: public.orders lost"
                        + " 400 rows (40.0%). Warden: full_rollback pending approval.");
    }

    @Test
    void shouldBoundTheEvidence() {
        Alert alert = Alert.targetDown("orders", "s").withEvidence(List.of("x".repeat(5000)));

        assertThat(alert.annotation("evidence")).hasSize(Alert.MAX_EVIDENCE).startsWith("[\"xxx")
                .endsWith("... (truncated, 5004 characters)");
        assertThat(Alert.targetDown("orders", "s").withEvidence(null).annotations()).doesNotContainKey("evidence");
    }

    @Test
    void shouldScrubCredentialsAndDropEmptyValues() {
        Alert alert = Alert.targetDown("orders", "cannot reach postgres://warden:s3cret@db:5432/orders")
                .withDescription("host=db user=warden password=s3cret dbname=orders")
                .withLabel("check", "")
                .withGeneratorUrl("http://admin:s3cret@warden.internal:9746/api/targets/orders");

        assertThat(alert.toString()).doesNotContain("s3cret");
        assertThat(alert.annotation("summary")).isEqualTo("cannot reach postgres://warden:****@db:5432/orders");
        assertThat(alert.annotation("description")).isEqualTo("host=db user=warden password=**** dbname=orders");
        assertThat(alert.labels()).doesNotContainKey("check");
    }

    @Test
    void shouldRefuseAnInvalidLabelName() {
        assertThatThrownBy(() -> Alert.targetDown("orders", "s").withLabel("bad-name", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad-name");
        assertThatThrownBy(() -> new Alert(Map.of("target", "orders"), Map.of(), ""))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("alertname");
    }
}
