package dev.warden.daemon.watch;

import dev.warden.config.Severity;
import dev.warden.daemon.alert.Alert;
import dev.warden.daemon.alert.Alerts;
import dev.warden.daemon.metrics.WardenMetrics;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes what Warden imposes visible until it is lifted: while new sessions of a target start
 * read-only ({@code read_only}, or a {@code full_rollback} that stopped before its lift),
 * {@code warden_target_read_only} is 1 and {@link #ALERT} fires; once writes are allowed again (a
 * lift, or anyone's {@code RESET}) it is 0 and the alert resolves. What it is told comes from the
 * server's catalog at every heartbeat, never from Warden's memory, so it holds after a restart and
 * whoever set it.
 */
final class ReadOnlyWatch {
    static final String ALERT = "WardenTargetReadOnly";
    private static final Logger log = LoggerFactory.getLogger(ReadOnlyWatch.class);

    private final String target;
    private final WardenMetrics metrics;
    private final Alerts alerts;

    ReadOnlyWatch(String target, WardenMetrics metrics, Alerts alerts) {
        this.target = target;
        this.metrics = metrics;
        this.alerts = alerts;
    }

    /** @param before what the last heartbeat read (null: nothing yet); @param now this one's (null: unreadable) */
    void seen(Boolean before, Boolean now) {
        if (now == null) {
            return;
        }
        metrics.targetReadOnly(target, now);
        if (now.equals(before)) {
            return;
        }
        if (now) {
            log.warn("Target {} is read-only: new sessions refuse writes until it is lifted", target);
            alerts.fire(Alert.of(ALERT, Severity.HIGH, target)
                    .withAnnotation("summary", target + " refuses writes: its database sets"
                            + " default_transaction_read_only for every new session")
                    .withAnnotation("action", "lift it with `warden rollback lift --target " + target + "` or POST /api/targets/"
                            + target + "/lift, once the data is right"));
        } else {
            if (Boolean.TRUE.equals(before)) {
                log.info("Target {} allows writes again", target);
            }
            alerts.resolveMatching(ALERT, Map.of("target", target));
        }
    }
}
