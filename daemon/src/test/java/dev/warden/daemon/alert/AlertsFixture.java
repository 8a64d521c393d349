package dev.warden.daemon.alert;

import dev.warden.config.AlertingConfig;
import dev.warden.config.HttpUrl;
import dev.warden.config.PostgresUri;
import dev.warden.config.WebhookConfig;
import dev.warden.daemon.metrics.WardenMetrics;
import dev.warden.daemon.state.StateStore;
import dev.warden.testing.TestDatabase;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the alert tests share: Vert.x, the state store on the class's database (emptied per test), the
 * recording HTTP server, real Alertmanagers, and the {@link Alerts} deployed, all closed at the end.
 */
final class AlertsFixture implements AutoCloseable {
    static final Duration RESEND = Duration.ofMillis(200);
    static final String RUNBOOKS = "https://runbooks.test/warden/";

    final Vertx vertx = Vertx.vertx();
    final TestDatabase database;
    final StateStore state;
    final RecordingServer recorder;
    private final List<AlertmanagerProcess> alertmanagers = new ArrayList<>();
    private final Map<Alerts, String> deployed = new HashMap<>();

    AlertsFixture(TestDatabase database) {
        this.database = database;
        this.state = StateStore.open(vertx, PostgresUri.parse(database.uri(), Map.of()), false);
        state.ready().await();
        database.sql().execute("TRUNCATE warden.alerts CASCADE");
        this.recorder = RecordingServer.start(vertx);
    }

    /** A real Alertmanager notifying the recorder at {@code /alertmanager}; not started yet. */
    AlertmanagerProcess alertmanager(String name) {
        AlertmanagerProcess alertmanager = AlertmanagerProcess.prepare(name, recorder.url("/alertmanager"));
        alertmanagers.add(alertmanager);
        return alertmanager;
    }

    static AlertingConfig config(List<String> alertmanagers, List<WebhookConfig> webhooks, Duration resolvedResendFor) {
        return new AlertingConfig(alertmanagers.stream().map(HttpUrl::parse).toList(), RESEND, resolvedResendFor,
                Duration.ofSeconds(1), RUNBOOKS, webhooks);
    }

    static AlertingConfig config(String... alertmanagers) {
        return config(List.of(alertmanagers), List.of(), Duration.ofSeconds(2));
    }

    Alerts deploy(AlertingConfig config, WardenMetrics metrics) {
        return deploy(config, metrics, state);
    }

    Alerts deploy(AlertingConfig config, WardenMetrics metrics, StateStore store) {
        Alerts alerts = new Alerts(config, store, metrics, Clock.systemUTC());
        deployed.put(alerts, vertx.deployVerticle(alerts).await());
        return alerts;
    }

    /** Stops the component as a Warden shutdown would: undeployed, its firing alerts left in the outbox. */
    void undeploy(Alerts alerts) {
        vertx.undeploy(deployed.remove(alerts)).await();
    }

    /** One series' value from the exposition, or 0 when absent. */
    static double metric(WardenMetrics metrics, String series) {
        String exposition = new String(metrics.scrape(), StandardCharsets.UTF_8);
        Matcher value = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(exposition);
        return value.find() ? Double.parseDouble(value.group(1)) : 0;
    }

    @Override
    public void close() {
        alertmanagers.forEach(AlertmanagerProcess::stop);
        deployed.values().forEach(id -> vertx.undeploy(id).await());
        recorder.close();
        state.close().await();
        vertx.close().await();
    }
}
