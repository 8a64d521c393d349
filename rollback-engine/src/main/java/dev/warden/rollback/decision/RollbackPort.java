package dev.warden.rollback.decision;

import io.vertx.core.Future;
import java.util.function.Consumer;

/**
 * Where decisions go to be acted on. The rollback engine implements it; until a target has one, a
 * decision is recorded, exported and alerted, and nothing is changed.
 */
public interface RollbackPort {

    /**
     * Accepts a decision; must do nothing the second time it is given the same decision id.
     * {@code settled} hears what became of it as soon as that is known, before a rollback it starts
     * has ended; the returned future completes when that rollback has ended (or was only planned).
     */
    Future<Void> submit(Decision decision, Consumer<DecisionOutcome> settled);

    /**
     * Gives up a decision that no longer applies (after a restart: its incident closed, its target
     * recovered), saying {@code why}; a rollback of it that never started ends with that reason.
     */
    Future<Void> withdraw(Decision decision, String why, Consumer<DecisionOutcome> settled);

    /** Accepts a decision whose outcome nobody waits for. */
    default Future<Void> submit(Decision decision) {
        return submit(decision, outcome -> { });
    }
}
