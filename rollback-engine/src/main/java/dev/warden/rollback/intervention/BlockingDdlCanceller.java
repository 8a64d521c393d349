package dev.warden.rollback.intervention;

import dev.warden.checks.CheckResult;
import dev.warden.checks.builtin.LockWaitsCheck;
import dev.warden.postgres.Failures;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cancels DDL statements that have kept other sessions waiting longer than a limit, with
 * pg_cancel_backend (the statement fails, its transaction rolls back, the queue behind it drains).
 * What to cancel comes from a {@code lock_waits} result's {@link LockWaitsCheck#BLOCKING_DDL}
 * evidence. A session idle in its transaction has no statement to cancel: it is reported, not
 * terminated. A cancel Warden may not send (no pg_signal_backend) is reported as not done.
 */
public final class BlockingDdlCanceller {
    /** Evidence added to the result: one entry per DDL session over the limit, cancelled or not. */
    public static final String CANCELLED_DDL = "cancelled_ddl";
    private static final String CANCEL = "SELECT pg_catalog.pg_cancel_backend($1) AS cancelled";

    private BlockingDdlCanceller() {
    }

    /**
     * Cancels, one after another, the blocking DDL sessions of a {@code lock_waits} result whose
     * longest blocked wait is at least {@code limit}, and returns the result amended with
     * {@link #CANCELLED_DDL} and a summary that says so. Any other result, or one with no blocking
     * DDL over the limit, is returned as it is.
     */
    public static Future<CheckResult> relieve(SqlClient client, CheckResult result, Duration limit) {
        List<Map<String, Object>> overdue = overdue(result, limit);
        if (overdue.isEmpty()) {
            return Future.succeededFuture(result);
        }
        Future<List<Map<String, Object>>> chain = Future.succeededFuture(new ArrayList<>());
        for (Map<String, Object> blocking : overdue) {
            chain = chain.compose(done -> cancel(client, blocking).map(entry -> {
                done.add(entry);
                return done;
            }));
        }
        return chain.map(cancels -> result.withAddendum(
                "; cancelled " + cancels.size() + " blocking DDL statement(s)", CANCELLED_DDL, List.copyOf(cancels)));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> overdue(CheckResult result, Duration limit) {
        if (!LockWaitsCheck.NAME.equals(result.check())
                || !(result.evidence().get(LockWaitsCheck.BLOCKING_DDL) instanceof List<?> ddl)) {
            return List.of();
        }
        return ((List<Map<String, Object>>) ddl).stream()
                .filter(d -> ((Number) d.get("longest_blocked_wait_seconds")).doubleValue() * 1000 >= limit.toMillis())
                .toList();
    }

    private static Future<Map<String, Object>> cancel(SqlClient client, Map<String, Object> blocking) {
        if (blocking.get("state") instanceof String state && state.startsWith("idle")) {
            return Future.succeededFuture(notCancelled(blocking, "idle in transaction: no running statement to cancel"));
        }
        return client.preparedQuery(CANCEL).execute(Tuple.of(blocking.get("pid"))).map(rows -> {
            Map<String, Object> entry = session(blocking);
            entry.put("cancelled", rows.iterator().next().getBoolean("cancelled"));
            entry.put("blocked_sessions", blocking.get("blocked_sessions"));
            entry.put("longest_blocked_wait_seconds", blocking.get("longest_blocked_wait_seconds"));
            return entry;
        }).recover(failure -> Future.succeededFuture(notCancelled(blocking, Failures.describe(failure))));
    }

    private static Map<String, Object> notCancelled(Map<String, Object> blocking, String detail) {
        Map<String, Object> entry = session(blocking);
        entry.put("cancelled", false);
        entry.put("detail", detail);
        return entry;
    }

    /** The start of an evidence entry: which session, and its statement. */
    private static Map<String, Object> session(Map<String, Object> blocking) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("pid", blocking.get("pid"));
        entry.put("statement", blocking.get("statement"));
        return entry;
    }
}
