package dev.warden.rollback.engine;

import io.vertx.core.Future;
import java.util.Optional;

/**
 * One step of a rollback plan. The executor journals it before and after it runs, re-checks the
 * fence before it when it is destructive, and asks {@link #done} first, so that a step whose effect
 * is already in place (a resumed rollback, a second attempt) is skipped instead of repeated.
 */
public interface Step {

    /** A stable name, snake_case ({@code rename_target_aside}); the journal matches resumed steps by it. */
    String name();

    /** Whether it changes a database (then the fence is re-checked right before it runs). */
    boolean destructive();

    /** Does the work. */
    Future<Void> run(StepContext context);

    /**
     * Whether the step's effect is already in place, read from the server (never from memory).
     * Fails when it cannot tell: a resumed rollback then stops for a human instead of guessing.
     */
    Future<Boolean> done(StepContext context);

    /**
     * Whether {@link #done} can see the step's effect on the server. A step whose effect leaves no
     * trace there (a down script run without any history to update) answers false: its done() then
     * only says whether the work is still to do on a first run, and a rollback interrupted while
     * the step was under way stops for a human instead of running it again. Default true.
     */
    default boolean canTellWhetherDone() {
        return true;
    }

    /**
     * Whether the step also runs after an earlier step failed (a clean-up such as allowing
     * connections again). Default false.
     */
    default boolean runsAfterFailure() {
        return false;
    }

    /**
     * Why the plan lists this step but will not run it (a composite's part the target has no settings
     * for): shown in the plan, the journal's planned steps, the evidence and the outcome's summary,
     * never silently absent. Empty for a step that runs (the default).
     */
    default Optional<String> skipped() {
        return Optional.empty();
    }
}
