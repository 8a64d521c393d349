package dev.warden.daemon.check;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each target's last rollback ended, to tell the runs a rollback overtook: begun before it ended,
 * they looked at the database it replaced. Decided on, such a breach arrives after the rollback closed
 * its incident, opens a new one about what was just undone, and rolls back again.
 */
public final class AfterRollbacks {
    /** By {@link System#nanoTime}. */
    private final Map<String, Long> ended = new ConcurrentHashMap<>();

    /** A rollback (or lift) of {@code target} ended, whatever its outcome. */
    public void rollbackEnded(String target) {
        ended.put(target, System.nanoTime());
    }

    /** Whether a run of {@code target} that ends now, after {@code took}, began before its last rollback ended. */
    public boolean overtook(String target, Duration took) {
        Long last = ended.get(target);
        return last != null && System.nanoTime() - took.toNanos() - last < 0;
    }
}
