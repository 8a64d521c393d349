package dev.warden.daemon.migrate;

import java.util.List;

/**
 * One look at the migration's sessions: the locks they hold and await, the other sessions waiting
 * behind them and the longest such wait, and the rows changed so far in critical tables.
 *
 * @param migrationPids   the backends whose application_name is the migration's
 * @param activePids      those of them running a statement (the ones a cancel can reach)
 * @param rowsChanged     inserts, updates and deletes in critical tables since the migration opened (statistics, lag ~1 s)
 */
record LockSample(List<Integer> migrationPids, List<Integer> activePids, long locksHeld, long locksAwaited,
                  long blockedSessions, double longestWaitSeconds, String statement, long rowsChanged) {
}
