package dev.warden.checks.rows;

import static dev.warden.postgres.SqlState.UNDEFINED_TABLE;
import static dev.warden.postgres.SqlState.QUERY_CANCELED;
import static dev.warden.postgres.SqlState.LOCK_NOT_AVAILABLE;

import dev.warden.postgres.Failures;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;

/**
 * Counts one table exactly without ever queueing behind a migration: it re-checks pg_locks just
 * before, then runs the count in one short implicit transaction that bounds itself with
 * {@code SET LOCAL statement_timeout} and takes its lock with {@code NOWAIT} (so a lock that appears
 * after the check fails at once with 55P03 instead of waiting). 55P03 and 57014 become a status,
 * never an error.
 */
final class ExactCount {
    private static final String LOCK_CHECK = """
            WITH target AS (SELECT to_regclass($1) AS oid)
            SELECT (SELECT oid FROM target) IS NOT NULL AS present,
                   EXISTS (SELECT 1 FROM pg_locks l
                           WHERE l.locktype = 'relation' AND l.mode = 'AccessExclusiveLock'
                             AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                             AND l.relation IN (SELECT oid FROM target
                                                UNION ALL
                                                SELECT indexrelid FROM pg_index WHERE indrelid = (SELECT oid FROM target))
                   ) AS locked
            """;

    /** Sent as one simple-protocol message: one implicit transaction, so SET LOCAL applies to it only. */
    private static final String COUNT = """
            SET LOCAL statement_timeout = '%dms';
            SET LOCAL lock_timeout = '%dms';
            LOCK TABLE %s IN ACCESS SHARE MODE NOWAIT;
            SELECT count(*) FROM %s
            """;
    /** Bounds a wait on an index lock taken by the planner after the check (NOWAIT covers the table). */
    private static final long MAX_LOCK_WAIT_MS = 100;

    private ExactCount() {
    }

    static Future<TableRowCount> count(SqlClient client, TableRowCount table, Duration timeout) {
        String name = quote(table.schemaname()) + "." + quote(table.relname());
        return client.preparedQuery(LOCK_CHECK).execute(Tuple.of(name)).compose(check -> {
            Row row = check.iterator().next();
            if (!row.getBoolean("present")) {
                return Future.succeededFuture(table.with(CountStatus.MISSING, null, "dropped before its count"));
            }
            if (row.getBoolean("locked")) {
                return Future.succeededFuture(skippedLocked(table));
            }
            long ms = timeout.toMillis();
            return client.query(COUNT.formatted(ms, Math.min(ms, MAX_LOCK_WAIT_MS), name, name)).execute()
                    .map(result -> table.with(CountStatus.COUNTED, lastRowSet(result).iterator().next().getLong(0), null))
                    .recover(failure -> classify(table, timeout, failure));
        });
    }

    static TableRowCount skippedLocked(TableRowCount table) {
        return table.with(CountStatus.SKIPPED_LOCKED, null,
                "an AccessExclusiveLock is granted or awaited on the table or one of its indexes");
    }

    private static Future<TableRowCount> classify(TableRowCount table, Duration timeout, Throwable failure) {
        String state = Failures.sqlState(failure);
        if (LOCK_NOT_AVAILABLE.equals(state)) {
            return Future.succeededFuture(table.with(CountStatus.SKIPPED_LOCKED, null,
                    "lock not available (" + state + "): a migration took a lock after the check"));
        }
        if (QUERY_CANCELED.equals(state)) {
            return Future.succeededFuture(table.with(CountStatus.TIMED_OUT, null,
                    "count(*) cancelled after " + timeout.toMillis() + " ms (" + state + ")"));
        }
        if (UNDEFINED_TABLE.equals(state)) {
            return Future.succeededFuture(table.with(CountStatus.MISSING, null, "dropped before its count"));
        }
        return Future.failedFuture(failure);
    }

    private static RowSet<Row> lastRowSet(RowSet<Row> first) {
        RowSet<Row> last = first;
        while (last.next() != null) {
            last = last.next();
        }
        return last;
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
