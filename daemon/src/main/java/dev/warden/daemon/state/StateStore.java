package dev.warden.daemon.state;

import dev.warden.ErrorCode;
import dev.warden.WardenException;
import dev.warden.config.ConnectionSpec;
import dev.warden.config.SessionConfig;
import dev.warden.daemon.retry.Backoff;
import dev.warden.daemon.retry.Retry;
import dev.warden.daemon.retry.Waiting;
import dev.warden.postgres.Connections;
import dev.warden.postgres.Failures;
import dev.warden.postgres.SqlState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Warden's own database: created when missing, schema brought up to date, then read and written. */
public final class StateStore {
    private static final Logger log = LoggerFactory.getLogger(StateStore.class);
    /** Warden's own database may take longer statements than a target, but still bounded. */
    private static final SessionConfig SESSION = new SessionConfig(4, Duration.ofSeconds(30), Duration.ofSeconds(5),
            Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(30), SessionConfig.UNBOUNDED);
    /** Between attempts to open the store at start-up: soon after a blip, every 15 s during a long outage. */
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(15);

    private final Pool pool;
    private final ConnectionSpec connection;
    private final Future<Void> ready;
    /** The daemon's retries while opening; empty for a one-shot open. */
    private final Optional<Retry<Integer>> opening;

    private StateStore(Pool pool, ConnectionSpec connection, Future<Void> ready, Optional<Retry<Integer>> opening) {
        this.pool = pool;
        this.connection = connection;
        this.ready = ready;
        this.opening = opening;
    }

    /**
     * Returns at once; the database is created when missing and its schema brought up to date in the
     * background, once. Every operation waits for that, so callers may use the store straight away. For
     * commands that run once ({@code check --once}): a first failure is final.
     */
    public static StateStore open(Vertx vertx, ConnectionSpec connection, boolean createDatabase) {
        Pool pool = Connections.queueingPool(vertx, "state", connection, SESSION);
        Future<Void> ready = prepare(vertx, pool, connection, createDatabase).<Void>mapEmpty()
                .recover(e -> Future.failedFuture(e instanceof WardenException ? e
                        : new WardenException(ErrorCode.UNAVAILABLE, "cannot open the state store "
                                + connection.redacted() + ": " + Failures.describe(e), e)));
        return new StateStore(pool, connection, ready, Optional.empty());
    }

    /**
     * Like {@link #open}, for the daemon: connecting, creating and migrating are tried again, 0.5 s
     * doubling to 15 s apart, until they succeed, since a state server that is away at start-up usually
     * comes back. Only a schema newer than this code ends the retries: waiting cannot cure that.
     */
    public static StateStore openRetrying(Vertx vertx, ConnectionSpec connection, boolean createDatabase, Clock clock) {
        Pool pool = Connections.queueingPool(vertx, "state", connection, SESSION);
        Retry<Integer> retry = Retry.until(vertx, "state store at " + Waiting.address(connection),
                new Backoff(FIRST_RETRY, LONGEST_RETRY), clock, () -> prepare(vertx, pool, connection, createDatabase),
                e -> e instanceof WardenException w && w.code() == ErrorCode.STATE_SCHEMA_TOO_NEW,
                e -> e instanceof WardenException ? e.getMessage() : Failures.describe(e, "the state store"));
        return new StateStore(pool, connection, retry.result().mapEmpty(), Optional.of(retry));
    }

    /** Creates the database when asked and missing, then brings its schema up to date; completes with its version. */
    private static Future<Integer> prepare(Vertx vertx, Pool pool, ConnectionSpec connection, boolean createDatabase) {
        Future<Void> exists = createDatabase ? createIfMissing(vertx, connection) : Future.succeededFuture();
        return exists.compose(v -> StateSchema.migrate(vertx, pool, connection))
                .onSuccess(version -> log.info("State store {} at schema version {}", connection.redacted(), version));
    }

    /** The state schema version this code brings databases to. */
    public static int schemaVersion() {
        return StateSchema.VERSION;
    }

    /** Completes when the state database exists with the schema this code understands. */
    public Future<Void> ready() {
        return ready;
    }

    /** True once the store is open: reads and writes can go through (the server may still be down now). */
    public boolean isOpen() {
        return ready.succeeded();
    }

    /** While start-up waits for the store: what the last attempt met and when the next one starts. */
    public Optional<Waiting> waiting() {
        return opening.flatMap(Retry::waiting);
    }

    /**
     * Succeeds at once when the store is open and fails at once while it is being opened: for writes
     * that have somewhere else to be meanwhile, rather than queueing until it opens.
     */
    public Future<Void> ifOpen() {
        return isOpen() ? Future.succeededFuture() : Future.failedFuture(new WardenException(ErrorCode.UNAVAILABLE,
                "the state store " + connection.redacted() + " is not open yet"));
    }

    public Pool pool() {
        return pool;
    }

    public ConnectionSpec connection() {
        return connection;
    }

    /** host:port/database, without credentials. */
    public String address() {
        return Waiting.address(connection);
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
        opening.ifPresent(Retry::cancel);
        return pool.close();
    }

    /** CREATE DATABASE cannot run inside the database it creates: connect to the maintenance database. */
    private static Future<Void> createIfMissing(Vertx vertx, ConnectionSpec connection) {
        return Connections.connect(vertx, Connections.options(connection.withDatabase("postgres"), SESSION))
                .compose(maintenance -> maintenance.preparedQuery("SELECT 1 FROM pg_database WHERE datname = $1")
                        .execute(Tuple.of(connection.database()))
                        .compose(rows -> rows.size() > 0 ? Future.<Void>succeededFuture() : create(maintenance, connection))
                        .eventually(maintenance::close));
    }

    private static Future<Void> create(PgConnection maintenance, ConnectionSpec connection) {
        log.info("Creating state database {}", connection.redacted());
        return maintenance.query("CREATE DATABASE " + quote(connection.database())).execute()
                .<Void>mapEmpty()
                // Another Warden node may have created it a moment ago (42P04), or be creating it at the same
                // moment: the second insert into pg_database then fails on its unique name index (23505).
                .recover(e -> Failures.hasSqlState(e, SqlState.DUPLICATE_DATABASE, SqlState.UNIQUE_VIOLATION)
                        ? Future.succeededFuture() : Future.failedFuture(e));
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
