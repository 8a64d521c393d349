package dev.warden.checks.builtin;

import dev.warden.checks.CheckContext;
import dev.warden.checks.CheckResult;
import dev.warden.config.IssueType;
import dev.warden.config.LockWaitsConfig;
import dev.warden.config.Severity;
import io.vertx.core.Future;
import java.util.Map;

/**
 * {@code lock_waits}: the longest lock wait in the database against a warning (MEDIUM) and a
 * critical (HIGH) limit, as PERFORMANCE_DEGRADATION; the evidence names the chain of sessions above
 * the longest waiter and any DDL statement holding up others ({@link #BLOCKING_DDL}). Like every
 * check it only reads: cancelling such a statement is an intervention of the rollback engine's. Every
 * result carries {@link #LOCK_WAIT_SECONDS} and {@link #BLOCKED_SESSIONS} for metrics.
 */
public final class LockWaitsCheck extends BuiltInCheck {
    public static final String NAME = "lock_waits";
    /** Measurement: the longest current lock wait, in seconds (0 when nobody waits). */
    public static final String LOCK_WAIT_SECONDS = "lock_wait_seconds";
    /** Measurement: how many sessions wait for a lock. */
    public static final String BLOCKED_SESSIONS = "blocked_sessions";
    /**
     * Evidence: one entry per DDL session that others wait for, with its {@code pid}, {@code statement},
     * {@code blocked_sessions}, session {@code state} and {@code longest_blocked_wait_seconds}.
     */
    public static final String BLOCKING_DDL = "blocking_ddl";

    private static final int MAX_EVIDENCE_SESSIONS = 20;

    private final LockWaitsConfig config;

    public LockWaitsCheck(LockWaitsConfig config) {
        super(NAME);
        this.config = config;
    }

    @Override
    public Future<CheckResult> run(CheckContext context) {
        return context.activity().read(context.pool()).compose(activity -> {
            LockGraph lockGraph = LockGraph.forServer(activity.reading().serverVersion());
            return lockGraph.sessions(activity, context.pool())
                    .map(sessions -> judge(context, lockGraph, new LockQueue(sessions)));
        });
    }

    private CheckResult judge(CheckContext context, LockGraph lockGraph, LockQueue queue) {
        double longest = queue.longestWaitSeconds();
        int blocked = queue.waiting().size();
        Map<String, Object> evidence = Evidence.of(
                "longest_wait_seconds", LockSession.round(longest),
                "blocked_sessions", blocked,
                "wait_measured_from", lockGraph.exactWaits() ? "pg_locks.waitstart"
                        : "pg_stat_activity.query_start (an upper bound of the wait)",
                "warn_after_seconds", Evidence.seconds(config.warnAfter()),
                "critical_after_seconds", Evidence.seconds(config.criticalAfter()),
                "chain", queue.chainToLongestWaiter().stream().map(LockSession::toEvidence).toList(),
                "ddl_heads_queue", !queue.blockingDdl().isEmpty(),
                BLOCKING_DDL, queue.blockingDdl().stream().map(d -> Evidence.of("pid", d.session().pid(),
                        "statement", d.session().statement(), "blocked_sessions", d.blockedSessions(),
                        "state", d.session().state(),
                        "longest_blocked_wait_seconds", LockSession.round(d.longestBlockedWait()))).toList(),
                "sessions", queue.sessions().stream().limit(MAX_EVIDENCE_SESSIONS).map(LockSession::toEvidence).toList());
        Map<String, Double> measurements = Map.of(LOCK_WAIT_SECONDS, longest, BLOCKED_SESSIONS, (double) blocked);
        String summary = blocked + " sessions wait for locks, the longest for " + LockSession.round(longest) + " s"
                + (queue.blockingDdl().isEmpty() ? "" : ", behind a DDL statement (pid "
                + queue.blockingDdl().get(0).session().pid() + ")");
        CheckResult result;
        if (longest * 1000 >= config.criticalAfter().toMillis()) {
            result = CheckResult.breach(NAME, context.now(), IssueType.PERFORMANCE_DEGRADATION, Severity.HIGH,
                    summary, evidence);
        } else if (longest * 1000 >= config.warnAfter().toMillis()) {
            result = CheckResult.breach(NAME, context.now(), IssueType.PERFORMANCE_DEGRADATION, Severity.MEDIUM,
                    summary, evidence);
        } else {
            result = CheckResult.ok(NAME, context.now(), blocked == 0 ? "no session waits for a lock" : summary, evidence);
        }
        return result.withMeasurements(measurements);
    }
}
