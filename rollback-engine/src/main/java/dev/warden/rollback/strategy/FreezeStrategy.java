package dev.warden.rollback.strategy;

import dev.warden.config.StrategyKind;
import dev.warden.rollback.engine.DataImpact;
import dev.warden.rollback.engine.RollbackPlan;
import dev.warden.rollback.engine.RollbackRequest;
import dev.warden.rollback.engine.RollbackStrategy;
import dev.warden.rollback.engine.Step;
import dev.warden.rollback.engine.Steps;
import io.vertx.core.Future;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes nothing: one step records that a human must decide. The journaled rollback (strategy
 * freeze) is what the daemon's alerting pages on. Paging twice after a restart is harmless, so the
 * step never claims to be done already.
 */
public final class FreezeStrategy implements RollbackStrategy {
    private static final Logger log = LoggerFactory.getLogger(FreezeStrategy.class);

    @Override
    public StrategyKind kind() {
        return StrategyKind.FREEZE;
    }

    @Override
    public Future<RollbackPlan> plan(RollbackRequest request) {
        return Future.succeededFuture(RollbackPlan.create(kind(), request, steps(request),
                DataImpact.none("no database change: a human is paged to decide what to do")));
    }

    @Override
    public List<Step> steps(RollbackRequest request) {
        return List.of(Steps.of("page_a_human", false, context -> {
            String why = request.decision() == null ? "requested by an operator"
                    : "decision " + request.decisionId() + ": " + String.join(" | ", request.decision().reasoning());
            log.warn("Target {} is frozen: a human must decide ({})", request.target(), why);
            context.note("a human must decide what to do with target " + request.target() + " (" + why + ")");
            return Future.succeededFuture();
        }, context -> Future.succeededFuture(false)));
    }
}
