package dev.warden.rollback.backup;

import dev.warden.postgres.Connections;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The server sessions a killed Warden left behind on a database only Warden knows (a restore, a
 * pre-rollback clone): a backend still running the {@code CREATE DATABASE} that makes it, or one
 * connected to it (a {@code pg_restore} child that outlived its parent). A backend notices its
 * client is gone only when it next talks to it, so such a statement runs on after the kill, and the
 * database would appear, or stay in use, under the feet of the Warden that redoes the step. They are
 * terminated, and waited for, before that database is looked at.
 */
public final class LeftoverSessions {
    private static final long POLL_MILLIS = 100;
    private static final String MATCH = " FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND pid <> $2"
            + " AND (datname = $1 OR (application_name = $3 AND state <> 'idle' AND position($4 IN query) > 0))";

    private final Vertx vertx;
    private final SqlConnection maintenance;

    public LeftoverSessions(Vertx vertx, SqlConnection maintenance) {
        this.vertx = vertx;
        this.maintenance = maintenance;
    }

    /**
     * Terminates the sessions on {@code database} or creating it, except {@code keepPid} (the fence),
     * until none is left; fails when some remain after {@code bound}. Answers how many were found.
     */
    public Future<Long> end(String database, int keepPid, Duration bound) {
        return terminate(database, keepPid).compose(found -> awaitGone(database, keepPid,
                System.nanoTime() + bound.toNanos()).map(found));
    }

    private Future<Long> terminate(String database, int keepPid) {
        return maintenance.preparedQuery("SELECT count(pg_terminate_backend(pid))" + MATCH)
                .execute(args(database, keepPid)).map(rows -> rows.iterator().next().getLong(0));
    }

    private Future<Void> awaitGone(String database, int keepPid, long deadline) {
        return maintenance.preparedQuery("SELECT count(*)" + MATCH).execute(args(database, keepPid)).compose(rows -> {
            long left = rows.iterator().next().getLong(0);
            if (left == 0) {
                return Future.succeededFuture();
            }
            if (System.nanoTime() > deadline) {
                return Future.failedFuture(new BackupException(left + " session(s) left by a stopped Warden on, or"
                        + " creating, database " + database + " did not end after being terminated"));
            }
            return vertx.timer(POLL_MILLIS, TimeUnit.MILLISECONDS)
                    .compose(t -> terminate(database, keepPid))
                    .compose(t -> awaitGone(database, keepPid, deadline));
        });
    }

    private static Tuple args(String database, int keepPid) {
        return Tuple.of(database, keepPid, Connections.APPLICATION_NAME, SqlText.identifier(database));
    }
}
