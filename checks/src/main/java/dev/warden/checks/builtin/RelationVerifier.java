package dev.warden.checks.builtin;

import dev.warden.postgres.Failures;
import dev.warden.postgres.SqlState;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies one relation with amcheck in one short implicit transaction bounded by SET LOCAL
 * statement_timeout and lock_timeout. Primary keys get {@code bt_index_check(index, true)}
 * (heapallindexed: every heap tuple must be in the index), other btree indexes
 * {@code bt_index_check(index)}, tables {@code verify_heapam(rel)}. All take only an
 * AccessShareLock; bt_index_parent_check takes a ShareLock (blocks writes) and is never used.
 */
final class RelationVerifier {
    private static final String BOUNDS = "SET LOCAL statement_timeout = '%dms'; SET LOCAL lock_timeout = '100ms';\n";
    private static final int MAX_HEAP_FINDINGS = 10;

    private RelationVerifier() {
    }

    /** Verifies a relation that is not {@link VerifiableRelation#locked() locked} (the caller skips those). */
    static Future<Verification> verify(SqlClient client, Amcheck amcheck, VerifiableRelation relation, Duration limit) {
        long start = System.nanoTime();
        return client.query(BOUNDS.formatted(limit.toMillis()) + statement(amcheck, relation)).execute()
                .map(result -> fromRows(relation, last(result), elapsed(start)))
                .recover(failure -> connectionFailed(failure) ? Future.failedFuture(failure)
                        : Future.succeededFuture(fromFailure(relation, failure, elapsed(start))));
    }

    private static String statement(Amcheck amcheck, VerifiableRelation relation) {
        String rel = relation.oid() + "::oid::regclass";
        if (relation.kind() == VerifiableRelation.Kind.TABLE) {
            return "SELECT blkno, offnum, attnum, msg FROM " + amcheck.function("verify_heapam") + "(" + rel + ") LIMIT "
                    + MAX_HEAP_FINDINGS;
        }
        return "SELECT " + amcheck.function("bt_index_check") + "(" + rel + (relation.primaryKey() ? ", true" : "") + ")";
    }

    /** bt_index_check returns one void row; verify_heapam one row per corruption found. */
    private static Verification fromRows(VerifiableRelation relation, RowSet<Row> rows, long millis) {
        if (relation.kind() == VerifiableRelation.Kind.INDEX || rows.size() == 0) {
            return new Verification(relation, Verification.Outcome.VERIFIED, null, millis);
        }
        List<String> findings = new ArrayList<>();
        for (Row row : rows) {
            findings.add("block " + row.getLong("blkno") + ", item " + row.getInteger("offnum") + ": " + row.getString("msg"));
        }
        return new Verification(relation, Verification.Outcome.CORRUPT, String.join("; ", findings), millis);
    }

    /** XX001 data_corrupted and XX002 index_corrupted are corruption; timeouts and locks are not. */
    private static Verification fromFailure(VerifiableRelation relation, Throwable failure, long millis) {
        String state = Failures.sqlState(failure);
        Verification.Outcome outcome;
        if (SqlState.DATA_CORRUPTED.equals(state) || SqlState.INDEX_CORRUPTED.equals(state)) {
            outcome = Verification.Outcome.CORRUPT;
        } else if (SqlState.LOCK_NOT_AVAILABLE.equals(state)) {
            outcome = Verification.Outcome.SKIPPED_LOCKED;
        } else if (SqlState.QUERY_CANCELED.equals(state)) {
            outcome = Verification.Outcome.TIMED_OUT;
        } else {
            outcome = Verification.Outcome.NOT_VERIFIED;
        }
        return new Verification(relation, outcome, Failures.describe(failure), millis);
    }

    /** The connection, not the relation, failed: the whole run is inconclusive. */
    static boolean connectionFailed(Throwable failure) {
        String state = Failures.sqlState(failure);
        return state == null || state.startsWith(SqlState.CONNECTION_EXCEPTION_CLASS)
                || state.startsWith(SqlState.SERVER_SHUTDOWN_PREFIX);
    }

    /** The result of the last statement of a multi-statement query. */
    static RowSet<Row> last(RowSet<Row> first) {
        RowSet<Row> last = first;
        while (last.next() != null) {
            last = last.next();
        }
        return last;
    }

    private static long elapsed(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
