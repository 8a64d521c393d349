package dev.warden.rollback.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.warden.config.StrategyKind;
import dev.warden.rollback.backup.Backup;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A rollback as the journal holds it: enough to show it and to rebuild its steps on resume (the
 * target's connection comes from the configuration: the journal never holds credentials).
 */
public record JournaledRollback(String id, String target, StrategyKind strategy, String decisionId,
                                RollbackStatus status, Backup backup, RollbackOptions options, Instant requestedAt,
                                List<PlannedStep> steps, DataImpact impact, String outcome, List<String> evidence,
                                List<Entry> entries) {

    public JournaledRollback {
        steps = List.copyOf(steps);
        evidence = List.copyOf(evidence);
        entries = List.copyOf(entries);
    }

    /** The latest event of each step that has one, by position. */
    public Map<Integer, StepEvent> lastEvents() {
        Map<Integer, StepEvent> last = new TreeMap<>();
        entries.forEach(entry -> last.put(entry.position(), entry.event()));
        return last;
    }

    /**
     * A step as planned.
     *
     * @param skipped why the plan skips it, or null for a step that runs
     */
    public record PlannedStep(String name, boolean destructive,
                              @JsonInclude(JsonInclude.Include.NON_NULL) String skipped) {

        /** A step that runs. */
        public PlannedStep(String name, boolean destructive) {
            this(name, destructive, null);
        }
    }

    /** One journaled step event, in the order written. */
    public record Entry(int position, String step, StepEvent event, String error, Instant at) {
    }
}
