package dev.warden.config;

import dev.warden.config.schema.Key;
import dev.warden.config.schema.Node;
import dev.warden.config.schema.Section;
import dev.warden.config.schema.Types;
import java.time.Duration;
import java.util.List;

/**
 * amcheck verification of indexes and tables: each run verifies relations for at most
 * {@code timeBudget}, carrying on where the previous run stopped.
 */
public record CorruptionConfig(CheckSchedule schedule, Duration timeBudget) {
    static final CheckSchedule.Keys RUN = CheckSchedule.keys(Duration.ofHours(1), Duration.ofMinutes(1));
    static final Key<Duration> TIME_BUDGET = Key.of("time_budget", Types.duration(Duration.ofMillis(100)),
            Duration.ofSeconds(10), "How long one run may spend verifying relations; the next run carries on where it stopped."
                    + " Unset, never more than timeout.");

    static final Section SECTION = Section.of("corruption",
            "Index and heap corruption (amcheck) and data checksum failures.",
            RUN.plus(TIME_BUDGET), List.of());

    static CorruptionConfig read(Node node) {
        CheckSchedule schedule = CheckSchedule.read(node, RUN, true);
        return new CorruptionConfig(schedule, CheckSchedule.atMost(node, TIME_BUDGET, RUN.timeout().name(),
                schedule.timeout()));
    }
}
