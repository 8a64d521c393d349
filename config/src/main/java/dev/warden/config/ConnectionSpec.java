package dev.warden.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where a PostgreSQL database is and how to log in, as libpq understands it. Built from a
 * {@code postgres://} URI with the {@code PG*} environment variables filling what the URI leaves out.
 */
public record ConnectionSpec(String host, int port, String database, String user, Secret password,
                             Map<String, String> parameters) {

    public ConnectionSpec {
        parameters = Map.copyOf(parameters);
    }

    public ConnectionSpec withDatabase(String otherDatabase) {
        return new ConnectionSpec(host, port, otherDatabase, user, password, parameters);
    }

    /** The URI's {@code connect_timeout}, when it has one. */
    public Optional<Duration> connectTimeout() {
        return Optional.ofNullable(parameters.get("connect_timeout")).map(PostgresUri::connectTimeout);
    }

    /** The settings of the URI's {@code options} ({@code -c name=value}), by lower-case name. */
    public Map<String, String> settings() {
        String options = parameters.get("options");
        return options == null ? Map.of() : PostgresOptions.parse(options);
    }

    /** {@code host:port} as configured (the host in lower case): the server several targets may share. */
    public String server() {
        String lower = host.toLowerCase(Locale.ROOT);
        return (lower.contains(":") ? "[" + lower + "]" : lower) + ":" + port;
    }

    /** The URI without its password: safe for logs, errors and API responses. */
    public String redacted() {
        StringBuilder uri = new StringBuilder("postgres://").append(user).append('@')
                .append(host.contains(":") ? "[" + host + "]" : host).append(':')
                .append(port).append('/').append(database);
        String separator = "?";
        for (Map.Entry<String, String> p : new TreeMap<>(parameters).entrySet()) {
            uri.append(separator).append(p.getKey()).append('=').append(p.getValue());
            separator = "&";
        }
        return uri.toString();
    }

    @Override
    public String toString() {
        return redacted();
    }
}
