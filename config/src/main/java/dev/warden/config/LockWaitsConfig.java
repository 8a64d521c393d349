package dev.warden.config;

import dev.warden.config.schema.Key;
import dev.warden.config.schema.Node;
import dev.warden.config.schema.Section;
import dev.warden.config.schema.Types;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Sessions waiting for locks: the longest wait beyond {@code warnAfter} is a medium breach, beyond
 * {@code criticalAfter} a high one. When {@code cancelBlockingDdlAfter} is set, a DDL statement that
 * has kept others waiting that long is cancelled with pg_cancel_backend.
 */
public record LockWaitsConfig(CheckSchedule schedule, Duration warnAfter, Duration criticalAfter,
                              Optional<Duration> cancelBlockingDdlAfter) {
    static final CheckSchedule.Keys RUN = CheckSchedule.keys(Duration.ofSeconds(30), Duration.ofSeconds(20));
    static final Key<Duration> WARN_AFTER = Key.of("warn_after", Types.duration(Duration.ofMillis(100)),
            Duration.ofSeconds(5), "A session waiting for a lock longer than this is a medium breach. Unset, never more than"
                    + " critical_after.");
    static final Key<Duration> CRITICAL_AFTER = Key.of("critical_after", Types.duration(Duration.ofMillis(100)),
            Duration.ofSeconds(30), "A session waiting for a lock longer than this is a high breach.");
    static final Key<Duration> CANCEL_BLOCKING_DDL_AFTER = Key.derived("cancel_blocking_ddl_after",
            Types.duration(Duration.ofMillis(100)), "off",
            "When set, a DDL statement that keeps other sessions waiting this long is cancelled (pg_cancel_backend).");

    static final Section SECTION = Section.of("lock_waits", "Sessions waiting for locks, and who blocks them.",
            RUN.plus(WARN_AFTER, CRITICAL_AFTER, CANCEL_BLOCKING_DDL_AFTER),
            List.of());

    static LockWaitsConfig read(Node node) {
        Duration criticalAfter = node.get(CRITICAL_AFTER);
        return new LockWaitsConfig(CheckSchedule.read(node, RUN, true),
                CheckSchedule.atMost(node, WARN_AFTER, CRITICAL_AFTER.name(), criticalAfter), criticalAfter,
                Optional.ofNullable(node.get(CANCEL_BLOCKING_DDL_AFTER)));
    }
}
