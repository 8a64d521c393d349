package dev.warden.checks.activity;

import dev.warden.config.ConnectionSpec;
import java.util.Locale;

/** A server (host and port as configured) and the role Warden connects to it as. */
public record ServerRole(String host, int port, String role) {
    public static ServerRole of(ConnectionSpec connection) {
        return new ServerRole(connection.host().toLowerCase(Locale.ROOT), connection.port(), connection.user());
    }

    /** {@code host:port}, the {@code server} label of Warden's metrics. */
    public String server() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
