package dev.warden.config;

import dev.warden.config.schema.Key;
import dev.warden.config.schema.Node;
import dev.warden.config.schema.Section;
import dev.warden.config.schema.Types;
import java.time.Duration;
import java.util.List;

/** A migration running longer than {@code warnAfter} is a warning, longer than {@code criticalAfter} critical. */
public record MigrationDurationConfig(CheckSchedule schedule, Duration warnAfter, Duration criticalAfter) {
    static final CheckSchedule.Keys RUN = CheckSchedule.keys(Duration.ofSeconds(30), Duration.ofSeconds(20));
    static final Key<Duration> WARN_AFTER = Key.of("warn_after", Types.duration(Duration.ofSeconds(1)),
            Duration.ofMinutes(10), "A migration running longer than this is a medium breach. Unset, never more than"
                    + " critical_after.");
    static final Key<Duration> CRITICAL_AFTER = Key.of("critical_after", Types.duration(Duration.ofSeconds(1)),
            Duration.ofMinutes(30), "A migration running longer than this is a critical breach.");

    static final Section SECTION = Section.of("migration_duration",
            "Migrations running too long, and failed or dirty ones.",
            RUN.plus(WARN_AFTER, CRITICAL_AFTER), List.of());

    static MigrationDurationConfig read(Node node) {
        Duration criticalAfter = node.get(CRITICAL_AFTER);
        return new MigrationDurationConfig(CheckSchedule.read(node, RUN, true),
                CheckSchedule.atMost(node, WARN_AFTER, CRITICAL_AFTER.name(), criticalAfter), criticalAfter);
    }
}
