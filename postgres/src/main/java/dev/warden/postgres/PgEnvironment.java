package dev.warden.postgres;

import io.vertx.pgclient.PgConnectOptions;
import java.util.LinkedHashMap;
import java.util.Map;

/** libpq's environment variables for a connection, the way every PostgreSQL tool reads them. */
public final class PgEnvironment {
    private PgEnvironment() {
    }

    public static Map<String, String> of(PgConnectOptions options) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PGHOST", options.getHost());
        env.put("PGPORT", String.valueOf(options.getPort()));
        env.put("PGUSER", options.getUser());
        if (options.getPassword() != null && !options.getPassword().isEmpty()) {
            env.put("PGPASSWORD", options.getPassword());
        }
        env.put("PGDATABASE", options.getDatabase());
        if (options.getSslMode() != null) {
            env.put("PGSSLMODE", options.getSslMode().value);
        }
        env.values().removeIf(value -> value == null);
        return env;
    }
}
