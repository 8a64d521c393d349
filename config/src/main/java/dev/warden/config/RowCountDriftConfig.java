package dev.warden.config;

import dev.warden.config.schema.Key;
import dev.warden.config.schema.Node;
import dev.warden.config.schema.Section;
import dev.warden.config.schema.Types;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * How far a critical table may shrink, against the baseline snapshot and against the previous cycle,
 * before it is data corruption. A drop beyond either limit is a breach; so is a jump of the delete
 * counter beyond them between two cycles.
 */
public record RowCountDriftConfig(CheckSchedule schedule, int maxDropPercent, OptionalLong maxDropRows) {
    static final CheckSchedule.Keys RUN = CheckSchedule.keys(Duration.ofSeconds(30), Duration.ofSeconds(20));
    static final Key<Integer> MAX_DROP_PERCENT = Key.of("max_drop_percent", Types.integer(1, 100), 20,
            "A critical table that loses more than this percentage of its rows is a breach.");
    static final Key<Integer> MAX_DROP_ROWS = Key.derived("max_drop_rows", Types.integer(1, Integer.MAX_VALUE), "off",
            "Optional absolute limit: losing more rows than this is a breach too.");

    static final Section SECTION = Section.of("row_count_drift", "Critical tables shrinking unexpectedly.",
            RUN.plus(MAX_DROP_PERCENT, MAX_DROP_ROWS), List.of());

    static RowCountDriftConfig read(Node node) {
        Integer rows = node.get(MAX_DROP_ROWS);
        return new RowCountDriftConfig(CheckSchedule.read(node, RUN, true), node.get(MAX_DROP_PERCENT),
                rows == null ? OptionalLong.empty() : OptionalLong.of(rows));
    }
}
