package dev.warden.daemon.grafana;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/** Alertmanager's {@code GET /api/v2/alerts}, keyed the way the inhibition compares alerts. */
final class HeldAlerts {
    private HeldAlerts() {
    }

    /** Each alert by "alertname/severity/target/migration" ("null" for a label it lacks). */
    static Map<String, JsonObject> byKey(JsonArray alerts) {
        Map<String, JsonObject> byKey = new HashMap<>();
        for (int i = 0; i < alerts.size(); i++) {
            JsonObject alert = alerts.getJsonObject(i);
            JsonObject labels = alert.getJsonObject("labels");
            byKey.put(labels.getString("alertname") + "/" + labels.getString("severity") + "/" + labels.getString("target")
                    + "/" + labels.getString("migration"), alert);
        }
        return byKey;
    }
}
