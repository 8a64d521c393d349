package dev.warden.rollback.decision;

import io.vertx.core.Future;

/**
 * Where decisions go to be acted on. The rollback engine implements it; until a target has one, a
 * decision is recorded, exported and alerted, and nothing is changed.
 */
public interface RollbackPort {

    /** Accepts a decision; must do nothing the second time it is given the same decision id. */
    Future<Void> submit(Decision decision);
}
