package dev.warden.rollback.backup;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Shuts a database's door for a clone or a swap and opens it again. Works from a maintenance session that
 * is on another database of the same server: once connections are disallowed nobody, Warden
 * included, can open a new session on the closed database.
 */
public final class SourceGate {
    private static final long POLL_MILLIS = 50;
    private static final String TERMINATE_OTHERS = "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            + " WHERE datname = $1 AND pid <> pg_backend_pid() AND pid <> ALL($2::int4[])";

    private final Vertx vertx;
    private final SqlConnection maintenance;
    private final String database;

    public SourceGate(Vertx vertx, SqlConnection maintenance, String database) {
        this.vertx = vertx;
        this.maintenance = maintenance;
        this.database = database;
    }

    /** No new session can start on the database (sessions already there stay). */
    public Future<Void> close() {
        return allowConnections(false);
    }

    /** New sessions may start again. */
    public Future<Void> open() {
        return allowConnections(true);
    }

    /**
     * Terminates every session on the database except {@code keep}, and again for each one that
     * still shows up (terminated backends take a moment to exit), until none is left or
     * {@code bound} has passed.
     */
    public Future<Void> terminateOthers(Duration bound, Integer... keep) {
        long deadline = System.nanoTime() + bound.toNanos();
        return terminateUntilGone(deadline, keep);
    }

    private Future<Void> terminateUntilGone(long deadline, Integer[] keep) {
        return maintenance.preparedQuery(TERMINATE_OTHERS).execute(Tuple.tuple().addString(database).addArrayOfInteger(keep)).compose(result -> {
            long remaining = result.iterator().next().getLong(0);
            if (remaining == 0) {
                return Future.succeededFuture();
            }
            if (System.nanoTime() > deadline) {
                return Future.failedFuture(new BackupException(remaining + " session(s) still connected to database "
                        + database + " after being terminated; a clone or a swap needs it to have none"));
            }
            return vertx.timer(POLL_MILLIS, TimeUnit.MILLISECONDS).compose(t -> terminateUntilGone(deadline, keep));
        });
    }

    private Future<Void> allowConnections(boolean allow) {
        return maintenance.query("ALTER DATABASE " + SqlText.identifier(database) + " ALLOW_CONNECTIONS " + allow)
                .execute().mapEmpty();
    }
}
