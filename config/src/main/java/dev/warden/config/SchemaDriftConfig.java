package dev.warden.config;

import dev.warden.config.schema.Node;
import dev.warden.config.schema.Section;
import java.time.Duration;
import java.util.List;

/**
 * The live schema against the expected one; the schemas compared are those of
 * {@code snapshots.include_schemas} and {@code snapshots.exclude_schemas}.
 */
public record SchemaDriftConfig(CheckSchedule schedule) {
    static final CheckSchedule.Keys RUN = CheckSchedule.keys(Duration.ofSeconds(30), Duration.ofSeconds(20));

    static final Section SECTION = Section.of("schema_drift", "Schema changes that no migration explains.",
            RUN.all(), List.of());

    static SchemaDriftConfig read(Node node) {
        return new SchemaDriftConfig(CheckSchedule.read(node, RUN, true));
    }
}
