package dev.warden.daemon.runs;

import dev.warden.config.ConnectionSpec;
import io.vertx.core.json.JsonObject;

/**
 * Where a migration command goes, as the open answer hands it to {@code warden migrate} (the target)
 * or {@code warden drill} (the scratch copy), which put it in the command's environment (PG*
 * variables) and its {@code {{url}}} placeholder, so the tool connects under the session name the
 * daemon watches for. The password stays in the daemon: an API answer is no place for a secret; the
 * command finds it as the operator's own tools do.
 */
public final class ClientConnection {
    private ClientConnection() {
    }

    public static JsonObject of(ConnectionSpec target, String applicationName) {
        JsonObject json = new JsonObject().put("host", target.host()).put("port", target.port())
                .put("database", target.database()).put("user", target.user())
                .put("application_name", applicationName);
        String sslmode = target.parameters().get("sslmode");
        return sslmode == null ? json : json.put("sslmode", sslmode);
    }
}
