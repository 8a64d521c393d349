package dev.warden.rollback.engine;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The rollback journal, written ahead: a step is recorded as started before it runs and as ended
 * after, so that a Warden that stops in the middle knows on restart exactly which step was under
 * way. One decision makes at most one rollback.
 */
public interface Journal {

    /**
     * Records {@code plan} as planned. Answers false, writing nothing, when a rollback with its id
     * exists already or its decision already has a rollback.
     */
    Future<Boolean> create(RollbackPlan plan);

    /** Moves a planned rollback to running; false when it is not planned (already started, or ended). */
    Future<Boolean> begin(String rollbackId);

    /** Appends a step event ({@code error} only for failures, else null). */
    Future<Void> step(String rollbackId, int position, Step step, StepEvent event, String error);

    /** Records how the rollback ended (or where it stopped). */
    Future<Void> finish(String rollbackId, RollbackStatus status, String outcome, List<String> evidence);

    Future<Optional<JournaledRollback>> load(String rollbackId);

    /** The rollback made for a decision, if any. */
    Future<Optional<String>> rollbackFor(String decisionId);

    /** Rollbacks that were running when their Warden stopped: to resume at start-up. */
    Future<List<String>> unfinished();

    /**
     * Rollbacks journaled as planned that were never started nor left waiting on purpose (approval,
     * dry run: those carry an outcome), planned before {@code plannedBefore} (this Warden's start:
     * its own plans are not left over): their Warden stopped between planning and starting them.
     */
    Future<List<Unstarted>> unstarted(Instant plannedBefore);

    /**
     * Ends a rollback that never started, with {@code outcome} as the reason; false, writing nothing,
     * when it is no longer planned (someone started it meanwhile).
     */
    Future<Boolean> endUnstarted(String rollbackId, RollbackStatus status, String outcome);

    /** The newest rollbacks' ids, newest first, at most {@code limit}. */
    Future<List<String>> recent(int limit);

    /**
     * Creates the rollback unless its decision's incident already has one: Warden nodes that each
     * decide on the same incident make one rollback between them. Returns the other rollback's id
     * when there is one, empty when this one was created.
     */
    Future<Optional<String>> createUnlessAnswered(RollbackPlan plan);

    /** A planned rollback nobody started, and the decision it answers (null for an operator's). */
    record Unstarted(String rollbackId, String decisionId) {
    }
}
