package dev.warden.postgres;

import dev.warden.config.ConnectionSpec;
import dev.warden.config.PostgresOptions;
import dev.warden.config.SessionConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The one door to PostgreSQL: every pool and every single session Warden opens comes from here.
 * Opens Warden's pools. Every session says who it is ({@code application_name=warden}) and carries
 * its own {@code statement_timeout} and {@code lock_timeout} in the startup packet, so that no
 * statement Warden sends can wait long behind a migration's lock.
 */
public final class Connections {
    public static final String APPLICATION_NAME = "warden";
    /** A target's pool: acquires waiting for a connection beyond this are refused rather than queued. */
    private static final int MAX_WAITING = 16;
    /** No bound on the acquires waiting: each still gives up after the pool's connection timeout. */
    private static final int UNBOUNDED = -1;

    private Connections() {
    }

    /**
     * The URI's parameters (validated by {@code PostgresUri}) apply too: its {@code options} settings go
     * in the startup packet, where its {@code statement_timeout} and {@code lock_timeout} may only lower
     * the session's; Warden's own settings are added last and win.
     */
    public static PgConnectOptions options(ConnectionSpec spec, SessionConfig session) {
        Map<String, String> settings = new LinkedHashMap<>(spec.settings());
        Duration statementTimeout = PostgresOptions.capped("statement_timeout", settings.remove("statement_timeout"),
                session.statementTimeout());
        Duration lockTimeout = PostgresOptions.capped("lock_timeout", settings.remove("lock_timeout"),
                session.lockTimeout());
        PgConnectOptions options = new PgConnectOptions()
                .setHost(spec.host())
                .setPort(spec.port())
                .setDatabase(spec.database())
                .setUser(spec.user())
                .setPassword(spec.password().reveal());
        settings.forEach(options::addProperty);
        options.addProperty("application_name", APPLICATION_NAME)
                .addProperty("client_min_messages", "warning")
                .addProperty("statement_timeout", String.valueOf(PostgresOptions.millis(statementTimeout)))
                .addProperty("lock_timeout", String.valueOf(PostgresOptions.millis(lockTimeout)));
        String sslMode = spec.parameters().get("sslmode");
        if (sslMode != null) {
            options.setSslMode(SslMode.of(sslMode));
        }
        return options;
    }

    /** The URI's {@code connect_timeout} when it has one (config rejects a conflicting one), else the session's. */
    public static NetClientOptions netOptions(ConnectionSpec spec, SessionConfig session) {
        return new NetClientOptions().setConnectTimeout((int) connectTimeout(spec, session).toMillis());
    }

    /** A target's pool: a target whose database is slow sheds work beyond a short queue rather than piling it up. */
    public static Pool pool(Vertx vertx, String name, ConnectionSpec spec, SessionConfig session) {
        return pool(vertx, name, spec, session, session.maxConnections(), MAX_WAITING);
    }

    /**
     * A target's pool on {@code server} (which counts its connections once {@link ServerConnections#register}ed):
     * when the server's targets take turns ({@link ServerConnections#takesTurns()}), a {@link TurnPool} of one
     * connection per turn, so that as many targets as the bound allows work at once, whose turns wait at most
     * the session's connect timeout; otherwise the target's own pool, kept open as before.
     */
    public static Pool pool(Vertx vertx, String name, ConnectionSpec spec, SessionConfig session,
                            ServerConnections server) {
        if (!server.takesTurns()) {
            return pool(vertx, name, spec, session);
        }
        return new TurnPool(vertx, server, connectTimeout(spec, session),
                () -> pool(vertx, name, spec, session, 1, MAX_WAITING));
    }

    private static Duration connectTimeout(ConnectionSpec spec, SessionConfig session) {
        return spec.connectTimeout().orElse(session.connectTimeout());
    }

    /**
     * For Warden's state database: its statements are small and each one matters (a target's record, a
     * decision, an alert), so they all queue, however many targets start at once.
     */
    public static Pool queueingPool(Vertx vertx, String name, ConnectionSpec spec, SessionConfig session) {
        return pool(vertx, name, spec, session, session.maxConnections(), UNBOUNDED);
    }

    private static Pool pool(Vertx vertx, String name, ConnectionSpec spec, SessionConfig session, int maxSize,
                             int maxWaiting) {
        PoolOptions poolOptions = new PoolOptions()
                .setName("warden-" + name)
                .setMaxSize(maxSize)
                .setMaxWaitQueueSize(maxWaiting);
        return PgBuilder.pool()
                .with(poolOptions)
                .with(netOptions(spec, session))
                .connectingTo(options(spec, session))
                .using(vertx)
                .build();
    }

    /** A pool of at most {@code maxSize} sessions with the given options, for fixtures and tools. */
    public static Pool pool(Vertx vertx, PgConnectOptions options, int maxSize) {
        return PgBuilder.pool().with(new PoolOptions().setMaxSize(maxSize)).connectingTo(options).using(vertx).build();
    }

    /** One session of its own, outside every pool: for work that must not share a session. */
    public static Future<PgConnection> connect(Vertx vertx, PgConnectOptions options) {
        return PgConnection.connect(vertx, options);
    }

    /** Runs {@code work} on a session of its own and closes the session whatever the outcome. */
    public static <T> Future<T> withConnection(Vertx vertx, PgConnectOptions options,
                                               Function<PgConnection, Future<T>> work) {
        return connect(vertx, options).compose(c -> work.apply(c).eventually(c::close));
    }

    /** For tools that speak JDBC (Flyway). The password goes as a property, never in the URL: Flyway and pgjdbc may print the URL. */
    public static String jdbcUrl(ConnectionSpec connection) {
        String host = connection.host().contains(":") ? "[" + connection.host() + "]" : connection.host();
        return "jdbc:postgresql://" + host + ":" + connection.port() + "/"
                + URLEncoder.encode(connection.database(), StandardCharsets.UTF_8);
    }

    /** pgjdbc properties with the session settings Warden's pools have; the password is not among them. */
    public static Map<String, String> jdbcProperties(ConnectionSpec connection) {
        // As the state pool: Warden's name, no notices, no TLS unless the connection asks for it.
        return Map.of("ApplicationName", APPLICATION_NAME, "connectTimeout", "10",
                "options", "-c client_min_messages=warning",
                "sslmode", connection.parameters().getOrDefault("sslmode", "disable"));
    }
}
