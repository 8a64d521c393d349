package dev.warden.daemon.migrate;

import dev.warden.config.ConnectionSpec;
import io.vertx.core.json.JsonObject;

/**
 * The target's login as the open answer hands it to {@code warden migrate}, which puts it in its
 * command's environment (PG* variables) and its {@code {{url}}} placeholder, so the migration tool
 * reaches the target Warden watches under the session name the lock watch looks for. It goes to the
 * client once, over the token-guarded API, and never into the stored report.
 */
final class ClientConnection {
    private ClientConnection() {
    }

    static JsonObject of(ConnectionSpec target, String applicationName) {
        JsonObject json = new JsonObject().put("host", target.host()).put("port", target.port())
                .put("database", target.database()).put("user", target.user())
                .put("application_name", applicationName);
        if (target.password() != null && !target.password().isEmpty()) {
            json.put("password", target.password().reveal());
        }
        String sslmode = target.parameters().get("sslmode");
        return sslmode == null ? json : json.put("sslmode", sslmode);
    }
}
