package dev.warden.config;

import dev.warden.config.schema.Key;
import dev.warden.config.schema.Node;
import dev.warden.config.schema.Section;
import dev.warden.config.schema.Types;
import java.time.Duration;
import java.util.List;

/**
 * Sequences owned by a column (serial, identity) whose next value is already in that column. Reading
 * the column's maximum is a table read: only columns leading a valid btree index are read, each under
 * {@code queryTimeout}, at most {@code maxSequences} per run, the next run carrying on after the last.
 */
public record LaggingSequencesConfig(CheckSchedule schedule, int maxSequences, Duration queryTimeout) {
    static final CheckSchedule.Keys RUN = CheckSchedule.keys(Duration.ofMinutes(5), Duration.ofMinutes(1));
    static final Key<Integer> MAX_SEQUENCES = Key.of("max_sequences", Types.integer(1, 10_000), 100,
            "How many sequences one run compares with their column; the next run carries on after the last.");
    static final Key<Duration> QUERY_TIMEOUT = Key.of("query_timeout", Types.timeout(Duration.ofMillis(10)),
            Duration.ofSeconds(1), "statement_timeout of each read of a column's maximum (an index lookup);"
                    + " a read that takes longer leaves that sequence unchecked this run. Unset, never more than timeout.");

    static final Section SECTION = Section.of("lagging_sequences",
            "Post-migration validation: sequences behind their column's maximum (the next insert collides).",
            RUN.plus(MAX_SEQUENCES, QUERY_TIMEOUT), List.of());

    static LaggingSequencesConfig read(Node node) {
        CheckSchedule schedule = CheckSchedule.read(node, RUN, true);
        return new LaggingSequencesConfig(schedule, node.get(MAX_SEQUENCES),
                CheckSchedule.atMost(node, QUERY_TIMEOUT, RUN.timeout().name(), schedule.timeout()));
    }
}
