package dev.warden.checks.builtin;

import dev.warden.postgres.Failures;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Cancels DDL statements that have kept other sessions waiting longer than a limit, with
 * pg_cancel_backend (the statement fails, its transaction rolls back, the queue behind it drains).
 * A session idle in its transaction has no statement to cancel: it is reported, not terminated. A
 * cancel Warden may not send (no pg_signal_backend) is reported as not done.
 */
final class BlockingDdlCanceller {
    private static final String CANCEL = "SELECT pg_catalog.pg_cancel_backend($1) AS cancelled";

    private BlockingDdlCanceller() {
    }

    /** One evidence entry per DDL session over the limit; cancels them one after another. */
    static Future<List<Map<String, Object>>> cancelOverdue(SqlClient client, List<LockQueue.BlockingDdl> ddl,
                                                            Duration limit) {
        Future<List<Map<String, Object>>> chain = Future.succeededFuture(new ArrayList<>());
        for (LockQueue.BlockingDdl blocking : ddl) {
            if (blocking.longestBlockedWait() * 1000 < limit.toMillis()) {
                continue;
            }
            chain = chain.compose(done -> cancel(client, blocking).map(entry -> {
                done.add(entry);
                return done;
            }));
        }
        return chain;
    }

    private static Future<Map<String, Object>> cancel(SqlClient client, LockQueue.BlockingDdl blocking) {
        LockSession session = blocking.session();
        if (session.state() != null && session.state().startsWith("idle")) {
            return Future.succeededFuture(Evidence.of("pid", session.pid(), "statement", session.statement(),
                    "cancelled", false, "detail", "idle in transaction: no running statement to cancel"));
        }
        return client.preparedQuery(CANCEL).execute(Tuple.of(session.pid())).map(rows -> Evidence.of(
                "pid", session.pid(), "statement", session.statement(),
                "cancelled", rows.iterator().next().getBoolean("cancelled"),
                "blocked_sessions", blocking.blockedSessions(),
                "longest_blocked_wait_seconds", LockSession.round(blocking.longestBlockedWait())))
                .recover(failure -> Future.succeededFuture(Evidence.of("pid", session.pid(),
                        "statement", session.statement(), "cancelled", false, "detail", Failures.describe(failure))));
    }
}
