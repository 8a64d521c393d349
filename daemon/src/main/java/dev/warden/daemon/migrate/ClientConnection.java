package dev.warden.daemon.migrate;

import dev.warden.config.ConnectionSpec;
import io.vertx.core.json.JsonObject;

/**
 * Where the target is, as the open answer hands it to {@code warden migrate}, which puts it in its
 * command's environment (PG* variables) and its {@code {{url}}} placeholder, so the migration tool
 * reaches the target Warden watches under the session name the lock watch looks for. The password
 * stays in the daemon: an API answer is no place for a secret; the command finds it as the
 * operator's own tools do.
 */
final class ClientConnection {
    private ClientConnection() {
    }

    static JsonObject of(ConnectionSpec target, String applicationName) {
        JsonObject json = new JsonObject().put("host", target.host()).put("port", target.port())
                .put("database", target.database()).put("user", target.user())
                .put("application_name", applicationName);
        String sslmode = target.parameters().get("sslmode");
        return sslmode == null ? json : json.put("sslmode", sslmode);
    }
}
