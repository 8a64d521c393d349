package dev.warden.daemon.state;

import dev.warden.checks.Failures;
import dev.warden.ErrorCode;
import dev.warden.WardenException;
import dev.warden.config.ConnectionSpec;
import dev.warden.config.SessionConfig;
import dev.warden.daemon.target.Connections;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Warden's own database: created when missing, schema brought up to date, then read and written. */
public final class StateStore {
    private static final Logger log = LoggerFactory.getLogger(StateStore.class);
    /** Warden's own database may take longer statements than a target, but still bounded. */
    private static final SessionConfig SESSION = new SessionConfig(4, Duration.ofSeconds(30), Duration.ofSeconds(5),
            Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(30));

    private final Pool pool;
    private final ConnectionSpec connection;
    private final Future<Void> ready;

    private StateStore(Pool pool, ConnectionSpec connection, Future<Void> ready) {
        this.pool = pool;
        this.connection = connection;
        this.ready = ready;
    }

    /**
     * Returns at once; the database is created when missing and its schema brought up to date in the
     * background. Every operation waits for that, so callers may use the store straight away.
     */
    public static StateStore open(Vertx vertx, ConnectionSpec connection, boolean createDatabase) {
        Pool pool = Connections.pool(vertx, "state", connection, SESSION);
        Future<Void> exists = createDatabase ? createIfMissing(vertx, connection) : Future.succeededFuture();
        Future<Void> ready = exists.compose(v -> StateSchema.migrate(vertx, pool, connection))
                .onSuccess(version -> log.info("State store {} at schema version {}", connection.redacted(), version))
                .<Void>mapEmpty()
                .recover(e -> Future.failedFuture(e instanceof WardenException ? e
                        : new WardenException(ErrorCode.UNAVAILABLE, "cannot open the state store "
                                + connection.redacted() + ": " + Failures.describe(e), e)));
        return new StateStore(pool, connection, ready);
    }

    /** The state schema version this code brings databases to. */
    public static int schemaVersion() {
        return StateSchema.VERSION;
    }

    /** Completes when the state database exists with the schema this code understands. */
    public Future<Void> ready() {
        return ready;
    }

    public Pool pool() {
        return pool;
    }

    public ConnectionSpec connection() {
        return connection;
    }

    /** Succeeds when the state database answers within two seconds. */
    public Future<Void> ping() {
        return ready.compose(v -> pool.query("SELECT 1").execute()).timeout(2, TimeUnit.SECONDS).mapEmpty();
    }

    public Future<Void> recordConnected(String target, String serverVersion) {
        return ready.compose(v -> pool.preparedQuery("""
                INSERT INTO warden.targets (name, server_version) VALUES ($1, $2)
                ON CONFLICT (name) DO UPDATE SET server_version = EXCLUDED.server_version, last_connected_at = now()""")
                .execute(Tuple.of(target, serverVersion))).mapEmpty();
    }

    public Future<Void> close() {
        return pool.close();
    }

    /** CREATE DATABASE cannot run inside the database it creates: connect to the maintenance database. */
    private static Future<Void> createIfMissing(Vertx vertx, ConnectionSpec connection) {
        return PgConnection.connect(vertx, Connections.options(connection.withDatabase("postgres"), SESSION))
                .compose(maintenance -> maintenance.preparedQuery("SELECT 1 FROM pg_database WHERE datname = $1")
                        .execute(Tuple.of(connection.database()))
                        .compose(rows -> rows.size() > 0 ? Future.<Void>succeededFuture() : create(maintenance, connection))
                        .eventually(maintenance::close));
    }

    private static Future<Void> create(PgConnection maintenance, ConnectionSpec connection) {
        log.info("Creating state database {}", connection.redacted());
        return maintenance.query("CREATE DATABASE " + quote(connection.database())).execute()
                .<Void>mapEmpty()
                // Another Warden node may have created it a moment ago.
                .recover(e -> e instanceof PgException pg && "42P04".equals(pg.getSqlState())
                        ? Future.succeededFuture() : Future.failedFuture(e));
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
