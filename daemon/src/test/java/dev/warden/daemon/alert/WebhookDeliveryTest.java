package dev.warden.daemon.alert;

import static dev.warden.daemon.alert.AlertsFixture.config;
import static dev.warden.daemon.alert.AlertsFixture.metric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.config.AlertingConfig;
import dev.warden.config.HttpUrl;
import dev.warden.config.IssueType;
import dev.warden.config.Secret;
import dev.warden.config.Severity;
import dev.warden.config.WebhookConfig;
import dev.warden.daemon.metrics.WardenMetrics;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The JSON webhook channel: state changes with a Slack-compatible text, retried through the outbox. */
@ExtendWith(PostgresExtension.class)
class WebhookDeliveryTest {
    private static final Duration LIMIT = Duration.ofSeconds(15);
    private static final Alert DECISION = Alert.decision("orders", IssueType.DATA_CORRUPTION, Severity.CRITICAL,
                    "row_count_drift breached: public.orders dropped 40% (baseline 10,000 -> 6,000)",
                    "full_rollback pending approval")
            .withDescription("Seen on postgres://app:hunter2@db.internal:5432/orders (host=db password=hunter2).");

    private final AlertsFixture fixture;

    WebhookDeliveryTest(TestDatabase database) {
        fixture = new AlertsFixture(database);
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void shouldPostFireAndResolveWithASlackTextAndNoSecret() {
        Alerts alerts = fixture.deploy(webhookConfig(), new WardenMetrics("test"));

        alerts.fire(DECISION).await();
        alerts.fire(DECISION).await();
        await().atMost(LIMIT).until(() -> hooks().size() == 1);
        alerts.resolve(DECISION.key()).await();
        await().atMost(LIMIT).until(() -> hooks().size() == 2);

        RecordingServer.Request fired = hooks().get(0);
        assertThat(fired.headers()).containsEntry("Authorization", "Bearer hook-token")
                .containsEntry("Content-Type", "application/json");
        JsonObject firing = fired.json();
        assertThat(firing.getString("text")).isEqualTo(":rotating_light: [CRITICAL] orders: row_count_drift breached:"
                + " public.orders dropped 40% (baseline 10,000 -> 6,000). Warden: full_rollback pending approval."
                + " Runbook: https://runbooks.test/warden/WardenDecision.md");
        assertThat(firing.getString("status")).isEqualTo("firing");
        assertThat(firing.getString("alertname")).isEqualTo("WardenDecision");
        assertThat(firing.getJsonObject("labels").getMap()).containsEntry("issue", "data_corruption")
                .containsEntry("severity", "critical").containsEntry("target", "orders");
        assertThat(firing.getString("endsAt")).isNull();

        JsonObject resolved = hooks().get(1).json();
        assertThat(resolved.getString("status")).isEqualTo("resolved");
        assertThat(resolved.getString("text")).matches(":white_check_mark: Resolved after \\d+s: \\[CRITICAL] orders:"
                + " row_count_drift breached: public.orders dropped 40% \\(baseline 10,000 -> 6,000\\)\\.");
        assertThat(resolved.getString("endsAt")).isNotNull();

        for (RecordingServer.Request request : hooks()) {
            assertThat(request.body()).doesNotContain("hunter2").contains("postgres://app:****@db.internal");
        }
    }

    @Test
    void shouldRetryAWebhookThroughTheOutboxUntilItAccepts() {
        WardenMetrics metrics = new WardenMetrics("test");
        fixture.recorder.answer(503);
        Alerts alerts = fixture.deploy(webhookConfig(), metrics);
        String receiver = WebhookReceiver.name(HttpUrl.parse(fixture.recorder.url("/hook")));

        alerts.fire(DECISION).await();
        await().atMost(LIMIT).until(() -> metric(metrics, "warden_alert_send_failures_total{receiver=\"" + receiver + "\"}") >= 3);
        assertThat(fixture.database.sql().queryColumn("SELECT last_error FROM warden.alert_deliveries"))
                .containsExactly("HTTP 503: not now");

        fixture.recorder.answer(200);

        await().atMost(LIMIT).until(() -> fixture.database.sql().queryLong(
                "SELECT count(*) FROM warden.alert_deliveries WHERE delivered_version = pending_version") == 1);
        assertThat(metric(metrics, "warden_alerts_sent_total{receiver=\"" + receiver + "\",status=\"firing\"}"))
                .isEqualTo(1);
        assertThat(receiver).startsWith("webhook 127.0.0.1:").doesNotContain("/hook");
    }

    @Test
    void shouldDeliverAPendingNotificationAfterARestart() {
        fixture.recorder.answer(503);
        Alerts before = fixture.deploy(webhookConfig(), new WardenMetrics("test"));
        before.fire(DECISION).await();
        await().atMost(LIMIT).until(() -> !hooks().isEmpty());
        fixture.undeploy(before);

        fixture.recorder.answer(200);
        int attemptsBefore = hooks().size();
        fixture.deploy(webhookConfig(), new WardenMetrics("test"));

        await().atMost(LIMIT).until(() -> hooks().size() > attemptsBefore);
        assertThat(hooks().get(hooks().size() - 1).json().getString("status")).isEqualTo("firing");
        await().atMost(LIMIT).until(() -> fixture.database.sql().queryLong(
                "SELECT count(*) FROM warden.alert_deliveries WHERE delivered_version = pending_version") == 1);
    }

    private AlertingConfig webhookConfig() {
        WebhookConfig hook = new WebhookConfig(HttpUrl.parse(fixture.recorder.url("/hook")),
                Map.of("Authorization", new Secret("Bearer hook-token")));
        return config(List.of(), List.of(hook), Duration.ofSeconds(2));
    }

    private List<RecordingServer.Request> hooks() {
        return fixture.recorder.received("/hook");
    }
}
