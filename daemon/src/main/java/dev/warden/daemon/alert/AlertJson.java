package dev.warden.daemon.alert;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The JSON Warden sends: Alertmanager's API v2 alert list, and the webhook payload. */
final class AlertJson {
    private AlertJson() {
    }

    /** {@code POST /api/v2/alerts} body: firing alerts end {@code expiry} from now unless re-sent. */
    static JsonArray alertmanager(List<AlertEntry> entries, Instant now, Duration expiry) {
        JsonArray alerts = new JsonArray();
        for (AlertEntry entry : entries) {
            alerts.add(new JsonObject()
                    .put("labels", json(entry.alert().labels()))
                    .put("annotations", json(entry.alert().annotations()))
                    .put("startsAt", entry.startsAt().toString())
                    .put("endsAt", entry.endsAt(now, expiry).toString())
                    .put("generatorURL", entry.alert().generatorUrl()));
        }
        return alerts;
    }

    static JsonObject json(Map<String, String> values) {
        JsonObject json = new JsonObject();
        values.forEach(json::put);
        return json;
    }

    /** One state change for a webhook, with a Slack-compatible {@code text}. */
    static JsonObject webhook(AlertEntry entry) {
        Alert alert = entry.alert();
        return new JsonObject()
                .put("text", SlackText.of(entry))
                .put("status", entry.status().label())
                .put("alertname", alert.alertname())
                .put("key", entry.key())
                .put("labels", json(alert.labels()))
                .put("annotations", json(alert.annotations()))
                .put("startsAt", entry.startsAt().toString())
                .put("endsAt", entry.resolvedAt().map(Instant::toString).orElse(null))
                .put("generatorURL", alert.generatorUrl());
    }
}
