package dev.warden.rollback.decision;

import io.vertx.core.Future;

/** Runs a target's check once more, apart from its schedule, to tell whether a decision still applies. */
@FunctionalInterface
public interface BreachRecheck {

    /** False only when the check now passes; an inconclusive run leaves the decision standing. */
    Future<Boolean> stillBreaching(String target, String check);

    /** For a Decider that never rechecks: every decision stands. */
    BreachRecheck NEVER = (target, check) -> Future.succeededFuture(true);
}
