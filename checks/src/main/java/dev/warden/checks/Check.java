package dev.warden.checks;

import io.vertx.core.Future;

/**
 * One integrity check of a target. A check observes and judges; it never acts on its own result
 * (the decision matrix does). Run it through {@link CheckRunner}, which bounds it in time and turns
 * every failure into an inconclusive result. A check has no time limit of its own: the limit is the
 * caller's, for a built-in check the {@code timeout} of its schedule (see {@link ScheduledCheck}).
 */
public interface Check {
    /** The check's name in results, metrics ({@code check} label) and alerts, e.g. {@code lock_waits}. */
    String name();

    /**
     * Observes the target once. A failed future, or a result of status INCONCLUSIVE, means the check
     * could not tell; a BREACH must be backed by what was measured, in the result's evidence.
     */
    Future<CheckResult> run(CheckContext context);
}
