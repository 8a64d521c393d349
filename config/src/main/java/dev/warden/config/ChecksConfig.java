package dev.warden.config;

import com.fasterxml.jackson.databind.node.MissingNode;
import dev.warden.config.schema.Context;
import dev.warden.config.schema.Node;
import dev.warden.config.schema.Problem;
import dev.warden.config.schema.Section;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The built-in checks of one target, one section each. */
public record ChecksConfig(RowCountDriftConfig rowCountDrift, LockWaitsConfig lockWaits,
                           MigrationDurationConfig migrationDuration, SchemaDriftConfig schemaDrift,
                           CorruptionConfig corruption, CanaryQueriesConfig canaryQueries, HttpHealthConfig httpHealth) {

    static final Section SECTION = Section.of("checks", "The built-in checks of this target.", List.of(),
            List.of(RowCountDriftConfig.SECTION, LockWaitsConfig.SECTION, MigrationDurationConfig.SECTION,
                    SchemaDriftConfig.SECTION, CorruptionConfig.SECTION, CanaryQueriesConfig.SECTION,
                    HttpHealthConfig.SECTION));

    private static final ChecksConfig DEFAULTS = readDefaults();

    /** What a target without a checks section gets: read from an empty section, so the keys' defaults apply. */
    public static ChecksConfig defaults() {
        return DEFAULTS;
    }

    private static ChecksConfig readDefaults() {
        List<Problem> problems = new ArrayList<>();
        ChecksConfig config = read(Node.root(MissingNode.getInstance(), SECTION, problems, new Context(Map.of())));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the checks' defaults do not validate: " + problems);
        }
        return config;
    }

    static ChecksConfig read(Node node) {
        return new ChecksConfig(RowCountDriftConfig.read(node.section(RowCountDriftConfig.SECTION)),
                LockWaitsConfig.read(node.section(LockWaitsConfig.SECTION)),
                MigrationDurationConfig.read(node.section(MigrationDurationConfig.SECTION)),
                SchemaDriftConfig.read(node.section(SchemaDriftConfig.SECTION)),
                CorruptionConfig.read(node.section(CorruptionConfig.SECTION)),
                CanaryQueriesConfig.read(node.section(CanaryQueriesConfig.SECTION)),
                HttpHealthConfig.read(node.section(HttpHealthConfig.SECTION)));
    }
}
