package dev.warden.daemon.cli;

import dev.warden.WardenException;
import dev.warden.daemon.embedded.DemoDatabase;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded demo's first snapshot, taken as soon as Warden is up: without it there is no expected
 * schema to compare with and no restore point, and a new user would see nothing of what Warden does.
 * Taken through the API, as an operator would, so it is stored, verified and listed like any other.
 */
final class DemoBaseline {
    private static final Logger log = LoggerFactory.getLogger(DemoBaseline.class);
    private static final String SNAPSHOTS = "/api/targets/" + DemoDatabase.NAME + "/snapshots";

    private DemoBaseline() {
    }

    /** Takes the baseline in the background when the demo has no snapshot yet; says what became of it. */
    static void takeWhenMissing(String baseUrl) {
        Thread thread = new Thread(() -> take(new ApiClient(new DaemonAddress(baseUrl, "", "the embedded default"))),
                "demo-baseline");
        thread.setDaemon(true);
        thread.start();
    }

    private static void take(ApiClient api) {
        try {
            if (!api.get(SNAPSHOTS).getJsonArray("snapshots").isEmpty()) {
                return;
            }
            JsonObject snapshot = api.post(SNAPSHOTS, new JsonObject().put("reason", "manual"));
            JsonObject backup = snapshot.getJsonObject("backup", new JsonObject());
            log.info("Demo: baseline snapshot {} taken with a {} backup ({}); try `warden demo break` to watch Warden"
                    + " catch a bad migration and roll it back", snapshot.getLong("id"), backup.getString("kind", "no"),
                    backup.getBoolean("verified", false) ? "verified" : "NOT verified");
        } catch (WardenException e) {
            log.warn("Demo: no baseline snapshot: {}", e.getMessage());
        }
    }
}
