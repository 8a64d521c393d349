package dev.warden.daemon.check;

import dev.warden.checks.CheckResult;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a target's check results on, except those of runs begun before the target's last rollback
 * ended: they looked at the database the rollback replaced. Judged, such a result arrives after the
 * rollback closed its incident, opens a new one about what was just undone, and rolls back again.
 */
public final class AfterRollbacks implements ResultListener {
    private static final Logger log = LoggerFactory.getLogger(AfterRollbacks.class);

    private final ResultListener next;
    /** When each target's last rollback ended, by {@link System#nanoTime}. */
    private final Map<String, Long> ended = new ConcurrentHashMap<>();

    public AfterRollbacks(ResultListener next) {
        this.next = next;
    }

    /** A rollback (or lift) of {@code target} ended, whatever its outcome. */
    public void rollbackEnded(String target) {
        ended.put(target, System.nanoTime());
    }

    @Override
    public void accept(String target, CheckResult result, Duration took) {
        Long last = ended.get(target);
        long begun = System.nanoTime() - took.toNanos();
        if (last != null && begun - last < 0) {
            log.info("{} on {}: {} from a run begun before the target's last rollback ended; not judged (the next run"
                    + " looks at the target as the rollback left it)", result.check(), target,
                    result.status().name().toLowerCase());
            return;
        }
        next.accept(target, result, took);
    }
}
