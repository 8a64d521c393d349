package dev.warden.config;

import dev.warden.config.schema.Node;
import dev.warden.config.schema.Section;
import java.util.List;

/** The settings of the strategies that act outside the database's own copies: flags, deploys, down scripts. */
public record RollbackTargetConfig(FeatureFlagConfig featureFlag, CodeRevertConfig codeRevert,
                                   DownMigrationConfig downMigration) {

    static final Section SECTION = Section.of("rollback", "How rollback strategies act on this target.", List.of(),
            List.of(FeatureFlagConfig.SECTION, CodeRevertConfig.SECTION, DownMigrationConfig.SECTION));

    static RollbackTargetConfig read(Node node) {
        return new RollbackTargetConfig(FeatureFlagConfig.read(node.section(FeatureFlagConfig.SECTION)),
                CodeRevertConfig.read(node.section(CodeRevertConfig.SECTION)),
                DownMigrationConfig.read(node.section(DownMigrationConfig.SECTION)));
    }
}
