package dev.warden.config;

import dev.warden.config.schema.Node;
import dev.warden.config.schema.Section;
import java.util.List;

/** The built-in checks of one target, one section each. */
public record ChecksConfig(RowCountDriftConfig rowCountDrift, LockWaitsConfig lockWaits,
                           MigrationDurationConfig migrationDuration, SchemaDriftConfig schemaDrift,
                           CorruptionConfig corruption, CanaryQueriesConfig canaryQueries, HttpHealthConfig httpHealth,
                           InvalidIndexesConfig invalidIndexes, NotValidConstraintsConfig notValidConstraints,
                           LaggingSequencesConfig laggingSequences) {

    static final Section SECTION = Section.of("checks", "The built-in checks of this target.", List.of(),
            List.of(RowCountDriftConfig.SECTION, LockWaitsConfig.SECTION, MigrationDurationConfig.SECTION,
                    SchemaDriftConfig.SECTION, CorruptionConfig.SECTION, CanaryQueriesConfig.SECTION,
                    HttpHealthConfig.SECTION, InvalidIndexesConfig.SECTION, NotValidConstraintsConfig.SECTION,
                    LaggingSequencesConfig.SECTION));

    static ChecksConfig read(Node node) {
        return new ChecksConfig(RowCountDriftConfig.read(node.section(RowCountDriftConfig.SECTION)),
                LockWaitsConfig.read(node.section(LockWaitsConfig.SECTION)),
                MigrationDurationConfig.read(node.section(MigrationDurationConfig.SECTION)),
                SchemaDriftConfig.read(node.section(SchemaDriftConfig.SECTION)),
                CorruptionConfig.read(node.section(CorruptionConfig.SECTION)),
                CanaryQueriesConfig.read(node.section(CanaryQueriesConfig.SECTION)),
                HttpHealthConfig.read(node.section(HttpHealthConfig.SECTION)),
                InvalidIndexesConfig.read(node.section(InvalidIndexesConfig.SECTION)),
                NotValidConstraintsConfig.read(node.section(NotValidConstraintsConfig.SECTION)),
                LaggingSequencesConfig.read(node.section(LaggingSequencesConfig.SECTION)));
    }
}
