package dev.warden.checks;

import io.vertx.core.Future;
import java.time.Duration;

/**
 * One integrity check of a target. A check observes and judges; it never acts on its own result
 * (the decision matrix does). Run it through {@link CheckRunner}, which bounds it in time and turns
 * every failure into an inconclusive result.
 */
public interface Check {
    /** The check's name in results, metrics ({@code check} label) and alerts, e.g. {@code lock_waits}. */
    String name();

    /**
     * Observes the target once. A failed future, or a result of status INCONCLUSIVE, means the check
     * could not tell; a BREACH must be backed by what was measured, in the result's evidence.
     */
    Future<CheckResult> run(CheckContext context);

    /** How long one run may take when the caller does not say. */
    default Duration defaultTimeout() {
        return Duration.ofSeconds(20);
    }
}
