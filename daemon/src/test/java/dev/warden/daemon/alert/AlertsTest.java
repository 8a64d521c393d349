package dev.warden.daemon.alert;

import static dev.warden.daemon.alert.AlertsFixture.config;
import static dev.warden.daemon.alert.AlertsFixture.metric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.config.IssueType;
import dev.warden.config.Severity;
import dev.warden.daemon.Promtool;
import dev.warden.daemon.metrics.WardenMetrics;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.TestDatabase;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What fire and resolve do to the tracked alerts, the outbox and the metrics. */
@ExtendWith(PostgresExtension.class)
class AlertsTest {
    private static final Duration LIMIT = Duration.ofSeconds(15);
    private static final Alert BREACH = Alert.checkBreach("orders", "row_count_drift", IssueType.DATA_CORRUPTION,
            Severity.CRITICAL, "public.orders dropped 40%");

    private final AlertsFixture fixture;

    AlertsTest(TestDatabase database) {
        fixture = new AlertsFixture(database);
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void shouldOnlyRefreshAnAlertThatAlreadyFires() {
        Alerts alerts = fixture.deploy(config(), new WardenMetrics("test"));

        alerts.fire(BREACH).await();
        Instant startsAt = alerts.current().await().get(0).startsAt();
        alerts.fire(BREACH).await();
        assertThat(fixture.database.sql().queryColumn("SELECT version FROM warden.alerts")).containsExactly("1");

        alerts.fire(BREACH.withDescription("public.orders dropped 45% now")).await();

        assertThat(alerts.current().await()).singleElement().satisfies(entry -> {
            assertThat(entry.startsAt()).isEqualTo(startsAt);
            assertThat(entry.version()).isEqualTo(2);
            assertThat(entry.alert().annotation("description")).isEqualTo("public.orders dropped 45% now");
        });
        assertThat(fixture.database.sql().queryColumn("""
                SELECT annotations ->> 'description' FROM warden.alerts WHERE starts_at = '%s'""".formatted(startsAt)))
                .containsExactly("public.orders dropped 45% now");
    }

    @Test
    void shouldStartAnewWhenAResolvedAlertFiresAgain() {
        Alerts alerts = fixture.deploy(config(), new WardenMetrics("test"));
        alerts.fire(BREACH).await();
        Instant firstStart = alerts.current().await().get(0).startsAt();
        assertThat(alerts.resolve(BREACH.key()).await()).isTrue();
        assertThat(fixture.database.sql().queryColumn("SELECT status FROM warden.alerts")).containsExactly("resolved");

        await().atMost(LIMIT).until(() -> Instant.now().isAfter(firstStart.plusMillis(5)));
        alerts.fire(BREACH).await();

        assertThat(alerts.current().await()).singleElement().satisfies(entry -> {
            assertThat(entry.firing()).isTrue();
            assertThat(entry.startsAt()).isAfter(firstStart);
            assertThat(entry.resolvedAt()).isEmpty();
            assertThat(entry.version()).isEqualTo(3);
        });
    }

    @Test
    void shouldResolveOnlyTheAlertsMatchingTheLabels() {
        Alerts alerts = fixture.deploy(config(), new WardenMetrics("test"));
        alerts.fire(Alert.targetDown("orders", "orders is down")).await();
        alerts.fire(Alert.targetDown("billing", "billing is down")).await();
        alerts.fire(BREACH).await();

        assertThat(alerts.resolveMatching(Alert.TARGET_DOWN, Map.of("target", "orders")).await()).isEqualTo(1);
        assertThat(alerts.resolveMatching(Alert.TARGET_DOWN, Map.of("target", "orders")).await()).isZero();

        assertThat(alerts.current().await()).extracting(e -> e.alert().label("target") + "/" + e.alert().alertname()
                + "/" + e.status().label()).containsExactlyInAnyOrder("orders/WardenTargetDown/resolved",
                "billing/WardenTargetDown/firing", "orders/WardenCheckBreach/firing");
    }

    @Test
    void shouldForgetAResolvedAlertAfterItsResendWindow() {
        Alerts alerts = fixture.deploy(config(List.of(), List.of(), Duration.ofMillis(500)), new WardenMetrics("test"));
        alerts.fire(BREACH).await();
        alerts.resolve(BREACH.key()).await();
        assertThat(alerts.current().await()).hasSize(1);

        await().atMost(LIMIT).until(() -> alerts.current().await().isEmpty());
        assertThat(fixture.database.sql().queryLong("SELECT count(*) FROM warden.alerts")).isZero();
    }

    @Test
    void shouldAcceptAlertsFiredBeforeItStarted() {
        Alerts alerts = new Alerts(config(), fixture.state, new WardenMetrics("test"), Clock.systemUTC());
        Future<Void> fired = alerts.fire(BREACH);
        assertThat(fired.isComplete()).isFalse();

        String deployment = fixture.vertx.deployVerticle(alerts).await();

        fired.await();
        assertThat(fixture.database.sql().queryLong("SELECT count(*) FROM warden.alerts WHERE status = 'firing'"))
                .isEqualTo(1);
        fixture.vertx.undeploy(deployment).await();
    }

    @Test
    void shouldCountFiringAlertsPerTargetAndPassPromtool() throws Exception {
        AlertmanagerProcess alertmanager = fixture.alertmanager("metrics").start();
        WardenMetrics metrics = new WardenMetrics("test");
        Alerts alerts = fixture.deploy(config(alertmanager.url()), metrics);

        alerts.fire(BREACH).await();
        alerts.fire(Alert.targetDown("orders", "orders is down")).await();
        assertThat(metric(metrics, "warden_alerts_firing{target=\"orders\"}")).isEqualTo(2);
        alerts.resolveMatching(Alert.TARGET_DOWN, Map.of()).await();
        assertThat(metric(metrics, "warden_alerts_firing{target=\"orders\"}")).isEqualTo(1);
        String resolvedSent = "warden_alerts_sent_total{receiver=\"" + alertmanager.url() + "\",status=\"resolved\"}";
        await().atMost(LIMIT).until(() -> metric(metrics, resolvedSent) >= 1);

        String exposition = new String(metrics.scrape(), StandardCharsets.UTF_8);
        assertThat(exposition).contains("warden_alert_send_failures_total{receiver=\"" + alertmanager.url() + "\"} 0");
        assertThat(Promtool.checkMetrics(exposition)).as("promtool findings").isEmpty();
    }
}
