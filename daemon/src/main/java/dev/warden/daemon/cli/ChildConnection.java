package dev.warden.daemon.cli;

import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * How the migration command reaches its database (the target, or a drill's scratch copy): libpq's PG* variables in its environment (psql and
 * every libpq tool read them), and {@code {{url}}} in its arguments expanded to a JDBC URL naming the
 * session Warden watches for ({@code warden-migrate-<id>}, {@code warden-drill-<id>}), since JDBC tools (Flyway, Liquibase) ignore PGAPPNAME. The URL
 * carries the user but never a password: a command line is visible to every local user. The
 * operator's own PGPASSWORD, if any, is left as it is.
 */
final class ChildConnection {
    static final String URL_PLACEHOLDER = "{{url}}";
    private final JsonObject login;

    /** @param login the open answer's {@code connection}: host, port, database, user, application_name (no password) */
    ChildConnection(JsonObject login) {
        this.login = login;
    }

    void environment(Map<String, String> env) {
        // A service file entry could name another database: the one Warden watches is named here instead.
        env.remove("PGSERVICE");
        env.put("PGHOST", login.getString("host"));
        env.put("PGPORT", String.valueOf(login.getInteger("port")));
        env.put("PGDATABASE", login.getString("database"));
        env.put("PGUSER", login.getString("user"));
        env.put("PGAPPNAME", login.getString("application_name"));
        if (login.getString("sslmode") != null) {
            env.put("PGSSLMODE", login.getString("sslmode"));
        }
    }

    List<String> expand(List<String> command) {
        return command.stream().map(arg -> arg.replace(URL_PLACEHOLDER, jdbcUrl())).toList();
    }

    String jdbcUrl() {
        String host = login.getString("host");
        StringBuilder url = new StringBuilder("jdbc:postgresql://").append(host.contains(":") ? "[" + host + "]" : host)
                .append(':').append(login.getInteger("port")).append('/').append(encode(login.getString("database")))
                .append("?user=").append(encode(login.getString("user")))
                .append("&ApplicationName=").append(encode(login.getString("application_name")));
        if (login.getString("sslmode") != null) {
            url.append("&sslmode=").append(encode(login.getString("sslmode")));
        }
        return url.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
