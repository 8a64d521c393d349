package dev.warden.config;

import dev.warden.config.schema.Key;
import dev.warden.config.schema.Durations;
import dev.warden.config.schema.Node;
import dev.warden.config.schema.Section;
import dev.warden.config.schema.Types;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How Warden's sessions on a target behave: few, short, and never waiting long for a lock.
 * {@code serverConnections} bounds the connections of all the targets on the target's server together
 * ({@link #UNBOUNDED}: no bound).
 */
public record SessionConfig(int maxConnections, Duration statementTimeout, Duration lockTimeout,
                            Duration connectTimeout, Duration reconnectInitialBackoff, Duration reconnectMaxBackoff,
                            int serverConnections) {
    /** {@code server_connections: 0}: the server's targets each keep their own connections, as many as they like. */
    public static final int UNBOUNDED = 0;

    static final Key<Integer> MAX_CONNECTIONS = Key.of("max_connections", Types.integer(1, 2), 2,
            "Connections Warden may open to the target (hard cap 2).");
    static final Key<Duration> STATEMENT_TIMEOUT = Key.of("statement_timeout", Types.timeout(Duration.ofMillis(100)),
            Duration.ofSeconds(5), "statement_timeout of every Warden session on the target.");
    static final Key<Duration> LOCK_TIMEOUT = Key.of("lock_timeout", Types.timeout(Duration.ofMillis(10)),
            Duration.ofSeconds(1), "lock_timeout of every Warden session, so it never waits long in a lock queue.");
    static final Key<Duration> CONNECT_TIMEOUT = Key.of("connect_timeout", Types.timeout(Duration.ofMillis(100)),
            Duration.ofSeconds(5), "How long opening a connection may take.");
    static final Key<Duration> RECONNECT_INITIAL_BACKOFF = Key.of("reconnect_initial_backoff",
            Types.duration(Duration.ofMillis(10)), Duration.ofSeconds(1),
            "First wait before reconnecting to a target that went away; doubles on each failure.");
    static final Key<Duration> RECONNECT_MAX_BACKOFF = Key.of("reconnect_max_backoff",
            Types.duration(Duration.ofMillis(10)), Duration.ofSeconds(30), "Longest wait between reconnection attempts.");
    /**
     * 100: a target beyond the bound reconnects for each turn, and a new backend plans Warden's catalog
     * queries with cold caches (measured with 100 targets and a bound of 20: 13x the server time of kept
     * connections), so up to 100 targets per server keep one connection each, and 50 keep both.
     */
    static final Key<Integer> SERVER_CONNECTIONS = Key.of("server_connections", Types.integer(0, 10_000), 100,
            "Connections Warden's checks and heartbeats hold at once on the target's server (host:port), all its "
                    + "targets together (the smallest among them applies; 0: no bound, only when all say so). When the "
                    + "targets could "
                    + "open more, each keeps one connection while nobody waits, and takes turns when the bound is "
                    + "reached: a turn reconnects, which costs the server far more than an idle session.");

    static final Section SECTION = Section.of("connection", "Warden's sessions on this target.",
            List.of(MAX_CONNECTIONS, STATEMENT_TIMEOUT, LOCK_TIMEOUT, CONNECT_TIMEOUT, RECONNECT_INITIAL_BACKOFF,
                    RECONNECT_MAX_BACKOFF, SERVER_CONNECTIONS), List.of());

    static SessionConfig read(Node node) {
        SessionConfig session = new SessionConfig(node.get(MAX_CONNECTIONS), node.get(STATEMENT_TIMEOUT),
                node.get(LOCK_TIMEOUT), node.get(CONNECT_TIMEOUT), node.get(RECONNECT_INITIAL_BACKOFF),
                node.get(RECONNECT_MAX_BACKOFF), node.get(SERVER_CONNECTIONS));
        if (session.reconnectInitialBackoff().compareTo(session.reconnectMaxBackoff()) > 0) {
            node.problem(RECONNECT_INITIAL_BACKOFF.name(), "expected at most reconnect_max_backoff ("
                    + session.reconnectMaxBackoff() + "), found " + session.reconnectInitialBackoff());
        }
        return session;
    }

    /**
     * These settings with the target URI's. The URI's {@code connect_timeout} applies when this
     * section leaves {@code connect_timeout} out and must agree with it when both say. The URI's
     * {@code options} may lower {@code statement_timeout} and {@code lock_timeout}, never raise or
     * disable them. Problems are reported on the URI's key of {@code target}.
     */
    SessionConfig withUri(ConnectionSpec connection, Node section, Node target, String urlKey) {
        Duration connect = connectTimeout;
        String uriConnect = connection.parameters().get("connect_timeout");
        if (uriConnect != null) {
            Duration fromUri = PostgresUri.connectTimeout(uriConnect);
            if (!section.has(CONNECT_TIMEOUT)) {
                connect = fromUri;
            } else if (!fromUri.equals(connectTimeout)) {
                target.problem(urlKey, "expected connect_timeout equal to " + section.path() + "."
                        + CONNECT_TIMEOUT.name() + " (" + Durations.format(connectTimeout) + ") or only one of them,"
                        + " found " + uriConnect + " (seconds)");
            }
        }
        Map<String, String> settings = connection.settings();
        for (Key<Duration> cap : List.of(STATEMENT_TIMEOUT, LOCK_TIMEOUT)) {
            String value = settings.get(cap.name());
            Duration limit = cap == STATEMENT_TIMEOUT ? statementTimeout : lockTimeout;
            Duration asked = value == null ? null : PostgresOptions.timeout(cap.name(), value);
            if (asked != null && (asked.isZero() || asked.compareTo(limit) > 0)) {
                target.problem(urlKey, "expected options " + cap.name() + " at most " + section.path() + "."
                        + cap.name() + " (" + Durations.format(limit) + "), found \"" + value + "\""
                        + (asked.isZero() ? " (no timeout)" : ""));
            }
        }
        return new SessionConfig(maxConnections, statementTimeout, lockTimeout, connect, reconnectInitialBackoff,
                reconnectMaxBackoff, serverConnections);
    }
}
