package dev.warden.config;

import dev.warden.config.schema.Key;
import dev.warden.config.schema.Node;
import dev.warden.config.schema.Section;
import dev.warden.config.schema.Types;
import java.util.List;

/**
 * Incidents: one opens on a target at the first breach a rule would act on and holds the decisions
 * and the one rollback that answer it; it closes when the check that opened it passes again
 * {@code closeAfterPasses} times in a row, or when a rollback answering it verifies.
 */
public record IncidentsConfig(int closeAfterPasses) {

    static final Key<Integer> CLOSE_AFTER_PASSES = Key.of("close_after_passes", Types.integer(1, 1000), 3,
            "Passes in a row of the check that opened an incident that close it; the next breach opens a new one.");

    static final Section SECTION = Section.of("incidents", "When an incident, answered by at most one rollback, ends.",
            List.of(CLOSE_AFTER_PASSES), List.of());

    static IncidentsConfig read(Node node) {
        return new IncidentsConfig(node.get(CLOSE_AFTER_PASSES));
    }
}
