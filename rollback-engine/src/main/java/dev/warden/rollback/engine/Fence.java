package dev.warden.rollback.engine;

import dev.warden.ErrorCode;
import dev.warden.WardenException;
import dev.warden.postgres.Connections;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure only one Warden acts on a target database: a session-level advisory lock held for
 * the whole rollback on a dedicated session to the target server's maintenance database (never the
 * target itself, whose rename that session would block). The server drops the lock when the session
 * ends, so a crashed Warden never leaves it behind.
 *
 * <p>The key is {@link #keyFor}: the first 8 bytes (big-endian) of SHA-256 of
 * {@code "warden.rollback:" + database name}. It is derived from the database name rather than the
 * configured target name, so that two Wardens whose configurations name the same database
 * differently still exclude each other; the lock lives on the target's own server, so the server
 * needs no part in the key. In {@code pg_locks} it shows as an advisory lock with classid = the
 * key's high 32 bits, objid = its low 32 bits, objsubid = 1.
 */
public final class Fence {
    private static final Logger log = LoggerFactory.getLogger(Fence.class);
    private static final String APPLICATION_NAME = "warden-rollback-fence";
    private static final String MINE = "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory'"
            + " AND pid = pg_backend_pid() AND granted AND classid::int8 = $1 AND objid::int8 = $2 AND objsubid = 1"
            + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))";
    private static final String HOLDER = "SELECT a.pid, a.application_name, a.client_addr::text, a.backend_start::text"
            + " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted"
            + " AND l.classid::int8 = $1 AND l.objid::int8 = $2 AND l.objsubid = 1"
            + " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())";

    private final PgConnection session;
    private final String target;
    private final String where;
    private final long key;
    private final int pid;
    private volatile boolean closed;

    private Fence(PgConnection session, String target, String where, long key, int pid) {
        this.session = session;
        this.target = target;
        this.where = where;
        this.key = key;
        this.pid = pid;
        session.closeHandler(v -> closed = true);
    }

    /**
     * Takes the lock for {@code target}'s database without waiting. Fails with {@link ErrorCode#BUSY}
     * naming the session that holds it when another Warden does.
     */
    public static Future<Fence> acquire(Vertx vertx, String target, PgConnectOptions targetConnection) {
        String database = targetConnection.getDatabase();
        PgConnectOptions options = new PgConnectOptions(targetConnection)
                .setDatabase(StepContext.maintenanceDatabase(database))
                .addProperty("application_name", APPLICATION_NAME);
        long key = keyFor(database);
        String where = "advisory lock " + key + " on database " + options.getDatabase() + " of " + options.getHost()
                + ":" + options.getPort();
        return Connections.connect(vertx, options).compose(session -> session
                .preparedQuery("SELECT pg_try_advisory_lock($1), pg_backend_pid()").execute(Tuple.of(key))
                .map(rows -> rows.iterator().next())
                .compose(row -> row.getBoolean(0)
                        ? Future.succeededFuture(new Fence(session, target, where, key, row.getInteger(1)))
                        : busy(session, target, where, key))
                .onFailure(e -> session.close()));
    }

    /** Succeeds when the session is alive and still holds the lock; otherwise the rollback must stop. */
    public Future<Void> check() {
        if (closed) {
            return Future.failedFuture(lost("its session is closed"));
        }
        return session.preparedQuery(MINE).execute(Tuple.of(key >>> 32, key & 0xFFFF_FFFFL))
                .recover(e -> Future.failedFuture(lost("its session failed (" + e.getMessage() + ")")))
                .compose(rows -> rows.iterator().next().getBoolean(0) ? Future.<Void>succeededFuture()
                        : Future.failedFuture(lost("pg_locks no longer shows it held by backend " + pid)));
    }

    /** Lets the lock go and closes the session; never fails (a closed session frees the lock anyway). */
    public Future<Void> release() {
        if (closed) {
            return Future.succeededFuture();
        }
        return session.preparedQuery("SELECT pg_advisory_unlock($1)").execute(Tuple.of(key))
                .<Void>mapEmpty()
                .eventually(session::close)
                .recover(e -> {
                    log.warn("Could not release the rollback fence of {} cleanly ({}); its session is closed", target,
                            e.getMessage());
                    return Future.succeededFuture();
                });
    }

    /** The backend pid of the fence's session: no step may terminate it. */
    public int pid() {
        return pid;
    }

    public long key() {
        return key;
    }

    /** The advisory lock key of a database name: see the class comment. */
    public static long keyFor(String database) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("warden.rollback:" + database).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private WardenException lost(String why) {
        return new WardenException(ErrorCode.FAILED, "lost the rollback fence of target " + target + " (" + where
                + "): " + why + "; another Warden may be acting on it, so this rollback stops here");
    }

    private static <T> Future<T> busy(PgConnection session, String target, String where, long key) {
        return session.preparedQuery(HOLDER).execute(Tuple.of(key >>> 32, key & 0xFFFF_FFFFL))
                .map(Fence::describe)
                .otherwise("a session that has ended meanwhile")
                .compose(holder -> Future.failedFuture(new WardenException(ErrorCode.BUSY, "another Warden is"
                        + " already rolling back target " + target + ": its " + where + " is held by " + holder
                        + "; wait for that rollback to end (GET /api/rollbacks) before starting another")));
    }

    private static String describe(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return "a session that has ended meanwhile";
        }
        Row row = rows.iterator().next();
        return "backend " + row.getInteger(0) + " (application_name " + row.getString(1) + ", client "
                + row.getString(2) + ", connected since " + row.getString(3) + ")";
    }
}
