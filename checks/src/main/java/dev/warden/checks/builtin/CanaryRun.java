package dev.warden.checks.builtin;

import dev.warden.postgres.Failures;
import dev.warden.postgres.SqlState;
import dev.warden.config.CanaryQuery;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Runs one canary so that it can never write and never queues behind a migration:
 * <ul>
 *   <li>first, pg_locks: if an AccessExclusiveLock is granted or awaited on a relation the canary
 *       locked last time (any relation of the database when that is not known yet), it is skipped;</li>
 *   <li>then a transaction made read-only before any query runs, with a 100 ms lock_timeout, and a
 *       first SELECT that takes the snapshot, after which nothing can make it read-write again;</li>
 *   <li>the canary goes through the extended protocol, which carries exactly one statement (no
 *       "COMMIT; DELETE ..." through the back door); the transaction is always rolled back.</li>
 * </ul>
 */
final class CanaryRun {
    private static final String GUARD = """
            SELECT l.pid, l.relation::regclass::text AS relation FROM pg_catalog.pg_locks l
             WHERE l.locktype = 'relation' AND l.mode = 'AccessExclusiveLock'
               AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())
               AND l.pid <> pg_catalog.pg_backend_pid()
               AND (cardinality($1::bigint[]) = 0 OR l.relation::bigint = ANY ($1::bigint[]))
             LIMIT 1
            """;
    private static final String READ_ONLY = "SET TRANSACTION READ ONLY; SET LOCAL lock_timeout = '100ms';"
            + " SELECT pg_catalog.pg_backend_pid()";
    private static final String TOUCHED = """
            SELECT DISTINCT relation::bigint AS relation FROM pg_catalog.pg_locks
             WHERE pid = pg_catalog.pg_backend_pid() AND locktype = 'relation' AND relation IS NOT NULL
            """;

    private CanaryRun() {
    }

    static Future<CanaryOutcome> run(Pool pool, CanaryQuery canary, Set<Long> knownRelations) {
        return pool.withConnection(connection -> guard(connection, knownRelations).compose(lockedBy -> lockedBy != null
                ? Future.succeededFuture(CanaryOutcome.skipped(canary.name(), lockedBy))
                : connection.begin().compose(tx -> inReadOnly(connection, canary)
                        .eventually(() -> rollback(tx)))))
                .recover(failure -> Future.succeededFuture(CanaryOutcome.skipped(canary.name(),
                        Failures.describe(failure))));
    }

    private static Future<String> guard(SqlConnection connection, Set<Long> knownRelations) {
        return connection.preparedQuery(GUARD).execute(Tuple.of(knownRelations.toArray(new Long[0]))).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row row = rows.iterator().next();
            return "an AccessExclusiveLock is granted or awaited on " + row.getString("relation") + " (pid "
                    + row.getInteger("pid") + "); not queueing behind it";
        });
    }

    private static Future<CanaryOutcome> inReadOnly(SqlConnection connection, CanaryQuery canary) {
        return connection.query(READ_ONLY).execute().compose(ready -> {
            long start = System.nanoTime();
            return connection.preparedQuery(canary.sql()).execute()
                    .compose(rows -> touched(connection)
                            .map(relations -> judge(canary, rows, elapsedMs(start), relations)))
                    .recover(failure -> Future.succeededFuture(fromFailure(canary, failure, elapsedMs(start))));
        });
    }

    private static CanaryOutcome judge(CanaryQuery canary, RowSet<Row> rows, long latencyMs, Set<Long> relations) {
        if (canary.expectedRows().isPresent() && rows.size() != canary.expectedRows().getAsLong()) {
            return new CanaryOutcome(canary.name(), CanaryOutcome.Kind.WRONG_RESULT, "expected "
                    + canary.expectedRows().getAsLong() + " rows, got " + rows.size(), latencyMs, relations);
        }
        if (canary.expectedValue().isPresent()) {
            String value = rows.size() == 0 ? null : Objects.toString(rows.iterator().next().getValue(0), null);
            if (!canary.expectedValue().get().equals(value)) {
                return new CanaryOutcome(canary.name(), CanaryOutcome.Kind.WRONG_RESULT, "expected value \""
                        + canary.expectedValue().get() + "\", got " + (value == null ? "no value" : "\"" + value + "\""),
                        latencyMs, relations);
            }
        }
        if (latencyMs > canary.latencyBudget().toMillis()) {
            return new CanaryOutcome(canary.name(), CanaryOutcome.Kind.SLOW, "took " + latencyMs + " ms, budget "
                    + canary.latencyBudget().toMillis() + " ms", latencyMs, relations);
        }
        return new CanaryOutcome(canary.name(), CanaryOutcome.Kind.OK, null, latencyMs, relations);
    }

    /**
     * The canary's own errors are query errors; 57014 means it outlasted statement_timeout (slow);
     * class 25 means it tried to write or to leave read-only mode (a canary to fix, not an application failure);
     * everything about access (connection, lock timeout, shutdown) is no verdict.
     */
    private static CanaryOutcome fromFailure(CanaryQuery canary, Throwable failure, long latencyMs) {
        String state = Failures.sqlState(failure);
        String detail = Failures.describe(failure);
        if (SqlState.QUERY_CANCELED.equals(state)) {
            return new CanaryOutcome(canary.name(), CanaryOutcome.Kind.SLOW, detail, latencyMs, Set.of());
        }
        if (state != null && state.startsWith(SqlState.INVALID_TRANSACTION_STATE_CLASS)) {
            return CanaryOutcome.skipped(canary.name(), "the canary cannot run in a read-only transaction"
                    + " (it tried to write or to change the transaction): " + detail);
        }
        if (Failures.isAccessProblem(failure)) {
            return CanaryOutcome.skipped(canary.name(), detail);
        }
        return new CanaryOutcome(canary.name(), CanaryOutcome.Kind.ERROR, detail, latencyMs, Set.of());
    }

    private static Future<Set<Long>> touched(SqlConnection connection) {
        return connection.query(TOUCHED).execute().map(rows -> {
            Set<Long> relations = new HashSet<>();
            rows.forEach(row -> relations.add(row.getLong("relation")));
            return relations;
        });
    }

    /** The transaction may already be over (the canary failed); rolling back again is harmless. */
    private static Future<Void> rollback(Transaction tx) {
        return tx.rollback().otherwiseEmpty();
    }

    private static long elapsedMs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
