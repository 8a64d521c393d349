package dev.warden.checks.builtin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A session of the lock graph: one that waits for a lock, or one that blocks a waiting one.
 *
 * @param waitSeconds     for a waiting session, how long it has waited (exact from pg_locks.waitstart, else an
 *                        upper bound from query_start); 0 for a session that does not wait
 * @param exactWait       whether waitSeconds came from pg_locks.waitstart
 * @param xactSeconds     how long its transaction has been open, or 0
 * @param statement       the first 200 characters of its statement, password literals masked
 * @param wanted          for a waiting session, the locks it waits for ({@code AccessExclusiveLock on public.orders})
 * @param blockedBy       for a waiting session, the sessions it waits for (pg_blocking_pids)
 */
record LockSession(int pid, boolean waiting, double waitSeconds, boolean exactWait, double xactSeconds, String state,
                   String statement, String wanted, List<Integer> blockedBy) {
    LockSession {
        blockedBy = List.copyOf(blockedBy);
    }

    Map<String, Object> toEvidence() {
        Map<String, Object> map = new LinkedHashMap<>(Evidence.of("pid", pid, "waiting", waiting, "state", state,
                "statement", statement));
        if (waiting) {
            map.put("wait_seconds", round(waitSeconds));
            map.put("waits_for", wanted);
            map.put("blocked_by", blockedBy);
        } else {
            map.put("transaction_seconds", round(xactSeconds));
        }
        return map;
    }

    static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
