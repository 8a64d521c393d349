package dev.warden.rollback.backup;

import dev.warden.postgres.Failures;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;

/**
 * Waits, with a bound, until {@code pg_stat_archiver} shows a WAL segment archived. The archiver tries
 * a failing file three times, a second apart, then pauses for up to a minute: so three new failures
 * during the wait, or a new failure followed by {@link #PAUSED} of silence (some of its three came
 * before the wait began), mean archiving is broken now, and the wait ends, naming the failing file.
 */
final class ArchiveConfirmation {
    private static final long POLL_MILLIS = 200;
    private static final int FAILURES_IN_A_ROW = 3;
    /** Longer than the archiver's second between two tries of one file: after it, the archiver has paused. */
    static final Duration PAUSED = Duration.ofSeconds(5);

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
            poll(connection, segment, what, first, new LastFailure(first.failedCount(), System.nanoTime()), deadline,
                    confirmed);
            return confirmed.future();
        });
    }

    /** The failure count as last seen to change, and when (this process's clock: the two are compared here only). */
    private record LastFailure(long count, long seenAt) {
        LastFailure after(ArchiverStatus now) {
            return now.failedCount() == count ? this : new LastFailure(now.failedCount(), System.nanoTime());
        }

        boolean quietFor(Duration pause) {
            return System.nanoTime() - seenAt > pause.toNanos();
        }
    }

    private void poll(SqlConnection connection, String segment, String what, ArchiverStatus before,
                      LastFailure lastFailure, long deadline, Promise<ArchiverStatus> confirmed) {
        ArchiverStatus.read(connection).onComplete(read -> {
            if (read.failed()) {
                confirmed.fail(new BackupException("cannot read pg_stat_archiver while waiting for " + segment + ": "
                        + Failures.describe(read.cause()), read.cause()));
                return;
            }
            ArchiverStatus now = read.result();
            LastFailure seen = lastFailure.after(now);
            long newFailures = now.failedCount() - before.failedCount();
            if (now.archived(segment)) {
                confirmed.complete(now);
            } else if (newFailures >= FAILURES_IN_A_ROW || newFailures > 0 && seen.quietFor(PAUSED)) {
                confirmed.fail(new BackupException(what + ": its WAL segment " + segment + " is not archived and"
                        + " archiving is failing (" + now.describe() + "); see the server log for archive_command's error"));
            } else if (System.nanoTime() > deadline) {
                confirmed.fail(new BackupException(what + ": its WAL segment " + segment + " was not confirmed archived"
                        + " within " + timeout.toSeconds() + " s (snapshots.archive_timeout): " + now.describe()));
            } else {
                vertx.setTimer(POLL_MILLIS, id -> poll(connection, segment, what, before, seen, deadline, confirmed));
            }
        });
    }
}
