package dev.warden.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.config.schema.Problem;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertingConfigTest {
    private static final String TARGET = "targets: [{name: orders, url: \"postgres://h/orders\"}]\n";

    @Test
    void shouldBeDisabledWithOneMinuteResendsByDefault() {
        AlertingConfig alerting = ConfigLoader.parse(TARGET, "f", Map.of()).alerting();

        assertThat(alerting.enabled()).isFalse();
        assertThat(alerting.alertmanagers()).isEmpty();
        assertThat(alerting.resendInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(alerting.expiry()).isEqualTo(Duration.ofMinutes(4));
        assertThat(alerting.resolvedResendFor()).isEqualTo(Duration.ofMinutes(5));
        assertThat(alerting.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(alerting.runbookBaseUrl()).as("served by Warden itself").isNull();
        assertThat(alerting.runbooks("http://warden.internal:9746")).isEqualTo("http://warden.internal:9746/runbooks/");
    }

    @Test
    void shouldReadAlertmanagersAndWebhooksWithHeadersFromTheEnvironment() {
        AlertingConfig alerting = ConfigLoader.parse(TARGET + """
                alerting:
                  alertmanagers: ["http://am1:9093", "https://ops:s3cret@am2.internal/alertmanager/"]
                  resend_interval: 30s
                  webhooks:
                    - url: https://hooks.slack.test/services/T0/B0
                      headers: {Authorization: "Bearer ${HOOK_TOKEN}"}
                """, "f", Map.of("HOOK_TOKEN", "tok-123")).alerting();

        assertThat(alerting.enabled()).isTrue();
        assertThat(alerting.alertmanagers()).extracting(HttpUrl::url)
                .containsExactly("http://am1:9093", "https://am2.internal/alertmanager/");
        HttpUrl withCredentials = alerting.alertmanagers().get(1);
        assertThat(withCredentials.user()).contains("ops");
        assertThat(withCredentials.password().reveal()).isEqualTo("s3cret");
        assertThat(withCredentials.resolve("/api/v2/alerts")).isEqualTo("https://am2.internal/alertmanager/api/v2/alerts");
        assertThat(alerting.resendInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(alerting.webhooks()).singleElement().satisfies(hook ->
                assertThat(hook.headers().get("Authorization").reveal()).isEqualTo("Bearer tok-123"));
        assertThat(alerting.toString()).doesNotContain("s3cret").doesNotContain("tok-123");
    }

    @Test
    void shouldReportEveryBadAlertingKeyWithoutShowingSecrets() {
        String yaml = TARGET + """
                alerting:
                  alertmanagers: ["http://am1:9093", "ftp://ops:s3cret@am2", "http://am1:9093"]
                  resend_interval: 10ms
                  runbook_base_url: docs/runbooks
                  webhooks:
                    - headers: {"Bad Header": "Bearer hidden-token"}
                    - url: "mailto:ops@example.com"
                      headers: {X-Token: {nested: hidden-token}}
                """;

        assertThatThrownBy(() -> ConfigLoader.parse(yaml, "warden.yaml", Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).extracting(Problem::toString).containsExactlyInAnyOrder(
                            "alerting.alertmanagers: expected an http:// or https:// URL, found \"ftp://ops:****@am2\""
                                    + " (item 2)",
                            "alerting.resend_interval: expected a duration of at least 100ms, found 10ms",
                            "alerting.runbook_base_url: expected an http:// or https:// URL or an empty string,"
                                    + " found \"docs/runbooks\"",
                            "alerting.webhooks[0].url: required, expected a URL",
                            "alerting.webhooks[0].headers: expected HTTP header names (letters, digits, -),"
                                    + " found another name as header 1 (hidden: it may hold a value)",
                            "alerting.webhooks[1].url: expected an http:// or https:// URL, found \"mailto:ops@example.com\"",
                            "alerting.webhooks[1].headers: expected a one-line string without control characters as"
                                    + " the value of header X-Token, found a value (hidden)");
                    assertThat(e.getMessage()).doesNotContain("s3cret").doesNotContain("hidden-token");
                });
    }

    @Test
    void shouldRejectTheSameAlertmanagerTwice() {
        assertThatThrownBy(() -> ConfigLoader.parse(TARGET + """
                alerting: {alertmanagers: ["http://am1:9093/", "http://am1:9093/"]}
                """, "f", Map.of()))
                .hasMessageContaining("alerting.alertmanagers[1]: expected each Alertmanager once, found http://am1:9093/ again");
    }
}
