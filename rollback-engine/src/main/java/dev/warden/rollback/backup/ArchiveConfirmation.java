package dev.warden.rollback.backup;

import dev.warden.postgres.Failures;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;

/**
 * Waits, with a bound, until {@code pg_stat_archiver} shows a WAL segment archived. The archiver tries
 * a failing file three times in a row before it pauses for a minute, so three new failures during
 * the wait mean archiving is broken now: the wait ends at once, naming the failing file.
 */
final class ArchiveConfirmation {
    private static final long POLL_MILLIS = 200;
    private static final int FAILURES_IN_A_ROW = 3;

    private final Vertx vertx;
    private final Duration timeout;

    ArchiveConfirmation(Vertx vertx, Duration timeout) {
        this.vertx = vertx;
        this.timeout = timeout;
    }

    /** The status that shows {@code segment} archived; fails with a {@link BackupException} saying why not. */
    Future<ArchiverStatus> await(SqlConnection connection, String segment, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        return ArchiverStatus.read(connection).compose(first -> {
            Promise<ArchiverStatus> confirmed = Promise.promise();
            poll(connection, segment, what, first, deadline, confirmed);
            return confirmed.future();
        });
    }

    private void poll(SqlConnection connection, String segment, String what, ArchiverStatus before, long deadline,
                      Promise<ArchiverStatus> confirmed) {
        ArchiverStatus.read(connection).onComplete(read -> {
            if (read.failed()) {
                confirmed.fail(new BackupException("cannot read pg_stat_archiver while waiting for " + segment + ": "
                        + Failures.describe(read.cause()), read.cause()));
                return;
            }
            ArchiverStatus now = read.result();
            if (now.archived(segment)) {
                confirmed.complete(now);
            } else if (now.failedCount() - before.failedCount() >= FAILURES_IN_A_ROW) {
                confirmed.fail(new BackupException(what + ": its WAL segment " + segment + " is not archived and"
                        + " archiving is failing (" + now.describe() + "); see the server log for archive_command's error"));
            } else if (System.nanoTime() > deadline) {
                confirmed.fail(new BackupException(what + ": its WAL segment " + segment + " was not confirmed archived"
                        + " within " + timeout.toSeconds() + " s (snapshots.archive_timeout): " + now.describe()));
            } else {
                vertx.setTimer(POLL_MILLIS, id -> poll(connection, segment, what, before, deadline, confirmed));
            }
        });
    }
}
