package dev.warden.rollback.engine;

import dev.warden.config.StrategyKind;
import io.vertx.core.Future;
import java.util.List;

/**
 * One way of undoing a change. A strategy plans (what it would do, and what that costs in data)
 * and names its steps; the {@link RollbackExecutor} runs them under a fence, with a journal.
 */
public interface RollbackStrategy {

    StrategyKind kind();

    /**
     * The plan for {@code request}: its steps and its {@link DataImpact}, found with read-only
     * queries. Fails with a message that says what is missing (no verified backup, a name taken...).
     */
    Future<RollbackPlan> plan(RollbackRequest request);

    /**
     * The steps for {@code request}, from the request alone (no queries, no clock): a rollback
     * resumed after a restart rebuilds the same steps from its journaled request.
     */
    List<Step> steps(RollbackRequest request);
}
