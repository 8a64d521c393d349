package dev.warden.daemon.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.config.IssueType;
import dev.warden.config.Severity;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertTest {

    @Test
    void shouldKeyAnAlertByItsNameAndSortedLabels() {
        Alert alert = Alert.checkBreach("orders", "row_count_drift", IssueType.DATA_CORRUPTION, Severity.CRITICAL, "s");

        assertThat(alert.key()).isEqualTo("WardenCheckBreach{check=\"row_count_drift\",issue=\"data_corruption\","
                + "severity=\"critical\",target=\"orders\"}");
        assertThat(alert.withAnnotation("description", "other").key()).isEqualTo(alert.key());
        assertThat(alert.withLabel("check", "schema").key()).isNotEqualTo(alert.key());
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
