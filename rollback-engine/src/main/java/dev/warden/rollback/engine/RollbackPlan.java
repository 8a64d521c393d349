package dev.warden.rollback.engine;

import dev.warden.config.StrategyKind;
import dev.warden.rollback.backup.Backup;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A rollback to run: ordered steps, the backup they restore and what that does to data.
 *
 * @param id       the rollback's id in the journal
 * @param strategy which strategy made it
 * @param request  what was asked for
 * @param steps    run in this order
 * @param impact   what it does to data, shown before it runs
 */
public record RollbackPlan(String id, StrategyKind strategy, RollbackRequest request, List<Step> steps,
                           DataImpact impact) {

    public RollbackPlan {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(impact, "impact");
        steps = List.copyOf(steps);
    }

    /** A plan with a new id. */
    public static RollbackPlan create(StrategyKind strategy, RollbackRequest request, List<Step> steps,
                                      DataImpact impact) {
        return new RollbackPlan(UUID.randomUUID().toString(), strategy, request, steps, impact);
    }

    public String target() {
        return request.target();
    }

    /** The backup it restores, or null. */
    public Backup backup() {
        return request.backup();
    }

    public List<String> stepNames() {
        return steps.stream().map(Step::name).toList();
    }
}
