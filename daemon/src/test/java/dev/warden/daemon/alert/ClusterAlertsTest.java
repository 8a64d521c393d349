package dev.warden.daemon.alert;

import static dev.warden.daemon.alert.AlertsFixture.metric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.config.AlertingConfig;
import dev.warden.config.HttpUrl;
import dev.warden.config.IssueType;
import dev.warden.config.PostgresUri;
import dev.warden.config.Severity;
import dev.warden.config.WebhookConfig;
import dev.warden.daemon.Promtool;
import dev.warden.daemon.metrics.WardenMetrics;
import dev.warden.daemon.state.StateStore;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 16: two Warden nodes sharing one state database send each alert once, whichever node raised or
 * resolved it, and a survivor sends what a dead node held. Each node has its own Vert.x and state store
 * pool, as two processes would; the webhook is a real HTTP server counting deliveries, the Alertmanager a
 * real one notifying that server.
 */
@ExtendWith(PostgresExtension.class)
class ClusterAlertsTest {
    private static final Duration LIMIT = Duration.ofSeconds(40);
    /**
     * Resend every 3 s, receivers' timeout 1.5 s (generous: a delivery that times out is sent again, which
     * a loaded test machine must not cause): a claim lasts 6 s, a survivor takes a dead node's alerts over
     * within 9 s of its last renewal, and Alertmanager keeps them active for 12 s after a send.
     */
    private static final Duration RESEND = Duration.ofSeconds(3);
    private static final Duration TIMEOUT = Duration.ofMillis(1500);
    private static final Alert BREACH = Alert.checkBreach("orders", "row_count_drift", IssueType.DATA_CORRUPTION,
            Severity.CRITICAL, "row_count_drift breached: public.orders dropped 40% (baseline 10,000 -> 6,000)");

    private final AlertsFixture fixture;
    private final List<Node> nodes = new ArrayList<>();

    ClusterAlertsTest(TestDatabase database) {
        fixture = new AlertsFixture(database);
    }

    @AfterEach
    void close() {
        nodes.forEach(Node::kill);
        fixture.close();
    }

    @Test
    void shouldDeliverAnAlertRaisedOnOneNodeOnceAndItsResolveFromAnotherNodeOnce() throws Exception {
        AlertmanagerProcess alertmanager = fixture.alertmanager("cluster-once").start();
        Node a = node("warden-a", alertmanager);
        Node b = node("warden-b", alertmanager);

        a.alerts.fire(BREACH).await();

        await().atMost(LIMIT).until(() -> hooks().size() == 1 && notifications("firing") == 1);
        // Both nodes resend; only the one holding the alert sends it.
        await().during(RESEND.multipliedBy(2)).atMost(LIMIT).until(() -> hooks().size() == 1 && notifications("firing") == 1);
        assertThat(a.alerts.current().await()).extracting(AlertEntry::key).containsExactly(BREACH.key());
        assertThat(b.alerts.current().await()).isEmpty();
        assertThat(metric(a.metrics, "warden_alerts_held")).isEqualTo(1);
        assertThat(metric(b.metrics, "warden_alerts_held")).isZero();
        assertThat(metric(b.metrics, sent(alertmanager.url(), "firing"))).isZero();
        assertThat(fixture.database.sql().queryColumn("SELECT sender FROM warden.alerts")).containsExactly("warden-a");

        // The target's new owner resolves it: the node holding the alert sends the resolve, once.
        assertThat(b.alerts.resolve(BREACH.key()).await()).isTrue();

        await().atMost(LIMIT).until(() -> hooks().size() == 2 && notifications("resolved") == 1);
        assertThat(hooks().get(1).json().getString("status")).isEqualTo("resolved");
        await().during(RESEND.multipliedBy(2)).atMost(LIMIT).until(() -> hooks().size() == 2
                && notifications("firing") == 1 && notifications("resolved") == 1);
        assertThat(alertmanager.alert(Alert.CHECK_BREACH)).isEmpty();
        String exposition = new String(a.metrics.scrape(), StandardCharsets.UTF_8);
        assertThat(Promtool.checkMetrics(exposition)).as("promtool findings").isEmpty();
    }

    @Test
    void shouldResendADeadNodesFiringAlertFromASurvivorAndDeliverItsResolveOnce() {
        AlertmanagerProcess alertmanager = fixture.alertmanager("cluster-takeover").start();
        Node a = node("warden-a", alertmanager);
        Node b = node("warden-b", alertmanager);
        a.alerts.fire(BREACH).await();
        await().atMost(LIMIT).until(() -> hooks().size() == 1 && notifications("firing") == 1);
        // A node that dies between a webhook's answer and writing it down leaves it owed: the survivor sends it
        // again. Here A dies after writing it down.
        await().atMost(LIMIT).until(() -> fixture.database.sql().queryLong("""
                SELECT count(*) FROM warden.alert_deliveries WHERE receiver = '%s' AND delivered_version = 1"""
                .formatted(webhookName())) == 1);
        JsonObject lastFromA = alertmanager.alert(Alert.CHECK_BREACH).orElseThrow();

        a.kill();

        // B takes the alert over once A's claim expired, and keeps it active in Alertmanager.
        Instant endedForA = Instant.parse(lastFromA.getString("endsAt"));
        JsonObject fromB = await().atMost(LIMIT).until(() -> alertmanager.alert(Alert.CHECK_BREACH).orElseThrow(),
                alert -> Instant.parse(alert.getString("endsAt")).isAfter(endedForA));
        assertThat(fromB.getString("startsAt")).isEqualTo(lastFromA.getString("startsAt"));
        assertThat(metric(b.metrics, "warden_alerts_held")).isEqualTo(1);
        assertThat(metric(b.metrics, sent(alertmanager.url(), "firing"))).isPositive();
        assertThat(fixture.database.sql().queryColumn("SELECT sender FROM warden.alerts")).containsExactly("warden-b");
        assertThat(hooks()).as("the webhook had the firing state from A already").hasSize(1);

        assertThat(b.alerts.resolve(BREACH.key()).await()).isTrue();

        await().atMost(LIMIT).until(() -> hooks().size() == 2 && notifications("resolved") == 1);
        await().during(RESEND.multipliedBy(2)).atMost(LIMIT).until(() -> hooks().size() == 2
                && notifications("firing") == 1 && notifications("resolved") == 1);
        assertThat(hooks().get(1).json().getString("status")).isEqualTo("resolved");
    }

    @Test
    void shouldSendTheResolveOfAnAlertAStoppedNodeHeldAtOnceFromASurvivor() {
        Node a = node("warden-a", null);
        Node b = node("warden-b", null);
        a.alerts.fire(BREACH).await();
        await().atMost(LIMIT).until(() -> hooks().size() == 1);

        a.stop();

        assertThat(fixture.database.sql().queryLong("SELECT count(*) FROM warden.alerts WHERE sender IS NOT NULL"))
                .as("a stopping node gives its claims up").isZero();
        // B resolves it while A's claim would still run (6 s): B claims it with the change and sends it.
        assertThat(b.alerts.resolve(BREACH.key()).await()).isTrue();
        assertThat(fixture.database.sql().queryColumn("SELECT sender FROM warden.alerts")).containsExactly("warden-b");
        await().atMost(LIMIT).until(() -> hooks().size() == 2);
        assertThat(hooks().get(1).json().getString("status")).isEqualTo("resolved");
        await().during(RESEND.multipliedBy(2)).atMost(LIMIT).until(() -> hooks().size() == 2);
    }

    @Test
    void shouldDeliverTheResolveADeadNodeCouldNotDeliverOnceFromASurvivor() {
        fixture.recorder.answer(503);
        Node a = node("warden-a", null);
        Node b = node("warden-b", null);
        a.alerts.fire(BREACH).await();
        assertThat(a.alerts.resolve(BREACH.key()).await()).isTrue();
        String failures = "warden_alert_send_failures_total{receiver=\"" + webhookName() + "\"}";
        await().atMost(LIMIT).until(() -> metric(a.metrics, failures) >= 2);

        a.kill();
        int attemptsBefore = hooks().size();
        fixture.recorder.answer(200);

        await().atMost(LIMIT).until(() -> hooks().size() > attemptsBefore);
        await().during(RESEND.multipliedBy(2)).atMost(LIMIT).until(() -> hooks().size() == attemptsBefore + 1);
        assertThat(hooks().get(attemptsBefore).json().getString("status")).isEqualTo("resolved");
        assertThat(metric(b.metrics, "warden_alerts_sent_total{receiver=\"" + webhookName() + "\",status=\"resolved\"}"))
                .isEqualTo(1);
        assertThat(b.alerts.current().await()).singleElement().satisfies(entry -> assertThat(entry.firing()).isFalse());
    }

    @Test
    void shouldSendAnAlertBothNodesRaiseAtOnceOnlyOnce() {
        Node a = node("warden-a", null);
        Node b = node("warden-b", null);
        // Each alert raised on both nodes at the same moment: both change it in the outbox, one sends it.
        List<Alert> alerts = IntStream.range(0, 8).mapToObj(i -> Alert.targetDown("db" + i, "db" + i + " is down")).toList();

        Future.all(alerts.stream().flatMap(alert -> Stream.of(a.alerts.fire(alert), b.alerts.fire(alert))).toList()).await();

        await().atMost(LIMIT).until(() -> hooks().size() == alerts.size());
        await().during(RESEND.multipliedBy(2)).atMost(LIMIT).until(() -> hooks().size() == alerts.size());
        assertThat(hooks()).extracting(hook -> hook.json().getJsonObject("labels").getString("target"))
                .containsExactlyInAnyOrderElementsOf(alerts.stream().map(alert -> alert.label("target")).toList());
        assertThat(fixture.database.sql().queryLong("SELECT count(*) FROM warden.alerts WHERE version = 1"))
                .isEqualTo(alerts.size());

        Future.all(alerts.stream().flatMap(alert -> Stream.of(a.alerts.resolve(alert.key()), b.alerts.resolve(alert.key())))
                .toList()).await();

        await().atMost(LIMIT).until(() -> hooks().size() == 2 * alerts.size());
        await().during(RESEND.multipliedBy(2)).atMost(LIMIT).until(() -> hooks().size() == 2 * alerts.size());
        assertThat(hooks().subList(alerts.size(), hooks().size()))
                .extracting(hook -> hook.json().getString("status")).containsOnly("resolved");
        assertThat(metric(a.metrics, "warden_alerts_held") + metric(b.metrics, "warden_alerts_held"))
                .isEqualTo(alerts.size());
    }

    @Test
    void shouldSendAnAlertFromTheNodeThatRaisedItWhileItCannotReachTheStateDatabase() {
        Node a = node("warden-a", null);
        a.state.close().await();

        a.alerts.fire(BREACH).await();

        // Nobody else can know of it: the raising node sends it from memory and writes it once it can.
        await().atMost(LIMIT).until(() -> hooks().size() == 1);
        assertThat(hooks().get(0).json().getString("status")).isEqualTo("firing");
        assertThat(fixture.database.sql().queryLong("SELECT count(*) FROM warden.alerts")).isZero();
    }

    /** A node as a separate Warden process would be: its own Vert.x, state store pool and metrics. */
    private Node node(String name, AlertmanagerProcess alertmanager) {
        Node node = new Node(name, config(alertmanager));
        nodes.add(node);
        return node;
    }

    private final class Node {
        final Vertx vertx = Vertx.vertx();
        final WardenMetrics metrics = new WardenMetrics("test");
        final StateStore state = StateStore.open(vertx, PostgresUri.parse(fixture.database.uri(), Map.of()), false);
        final Alerts alerts;
        private final String deployment;
        private boolean dead;

        Node(String name, AlertingConfig config) {
            alerts = new Alerts(config, state, metrics, Clock.systemUTC(), () -> "", Optional.of(name));
            deployment = vertx.deployVerticle(alerts).await();
            // Deployed is not loaded: wait until this node has made its first claim.
            alerts.current().await();
        }

        /** Gone without resolving or handing anything over: its claims expire on their own. */
        void kill() {
            if (!dead) {
                dead = true;
                // Cut from the state database first, as a dead process is: its stop can give nothing up.
                state.close().await();
                vertx.close().await();
            }
        }

        /** Stopped as Warden stops on SIGTERM: the alerts first, then the state store. */
        void stop() {
            if (!dead) {
                dead = true;
                vertx.undeploy(deployment).await();
                vertx.close().await();
            }
        }
    }

    private AlertingConfig config(AlertmanagerProcess alertmanager) {
        WebhookConfig hook = new WebhookConfig(HttpUrl.parse(fixture.recorder.url("/hook")), Map.of());
        List<HttpUrl> alertmanagers = alertmanager == null ? List.of() : List.of(HttpUrl.parse(alertmanager.url()));
        return new AlertingConfig(alertmanagers, RESEND, Duration.ofSeconds(30), TIMEOUT,
                AlertsFixture.RUNBOOKS, List.of(hook));
    }

    private String webhookName() {
        return WebhookReceiver.name(HttpUrl.parse(fixture.recorder.url("/hook")));
    }

    private static String sent(String receiver, String status) {
        return "warden_alerts_sent_total{receiver=\"" + receiver + "\",status=\"" + status + "\"}";
    }

    private List<RecordingServer.Request> hooks() {
        return fixture.recorder.received("/hook");
    }

    /** Alertmanager's notifications of that status about the breach. */
    private long notifications(String status) {
        return fixture.recorder.received("/alertmanager").stream()
                .filter(request -> request.json().getString("status").equals(status)
                        && request.body().contains("\"alertname\":\"WardenCheckBreach\""))
                .count();
    }
}
