package dev.warden.config;

import dev.warden.config.schema.Node;
import dev.warden.config.schema.Section;
import java.time.Duration;
import java.util.List;

/**
 * Foreign keys and check constraints added {@code NOT VALID} and never validated (catalog only), in
 * the schemas of {@code snapshots.include_schemas} and {@code snapshots.exclude_schemas}.
 */
public record NotValidConstraintsConfig(CheckSchedule schedule) {
    static final CheckSchedule.Keys RUN = CheckSchedule.keys(Duration.ofMinutes(1), Duration.ofSeconds(20));

    static final Section SECTION = Section.of("not_valid_constraints",
            "Post-migration validation: constraints left NOT VALID, so existing rows were never checked.",
            RUN.all(), List.of());

    static NotValidConstraintsConfig read(Node node) {
        return new NotValidConstraintsConfig(CheckSchedule.read(node, RUN, true));
    }
}
