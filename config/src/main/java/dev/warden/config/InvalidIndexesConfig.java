package dev.warden.config;

import dev.warden.config.schema.Node;
import dev.warden.config.schema.Section;
import java.time.Duration;
import java.util.List;

/**
 * Indexes left INVALID by a failed {@code CREATE INDEX CONCURRENTLY} or {@code REINDEX CONCURRENTLY}
 * (catalog only), in the schemas of {@code snapshots.include_schemas} and {@code snapshots.exclude_schemas}.
 */
public record InvalidIndexesConfig(CheckSchedule schedule) {
    static final CheckSchedule.Keys RUN = CheckSchedule.keys(Duration.ofMinutes(1), Duration.ofSeconds(20));

    static final Section SECTION = Section.of("invalid_indexes",
            "Post-migration validation: indexes a failed concurrent build left INVALID.", RUN.all(), List.of());

    static InvalidIndexesConfig read(Node node) {
        return new InvalidIndexesConfig(CheckSchedule.read(node, RUN, true));
    }
}
