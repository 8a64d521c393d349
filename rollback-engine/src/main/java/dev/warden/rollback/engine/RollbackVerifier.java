package dev.warden.rollback.engine;

import dev.warden.config.StrategyKind;
import dev.warden.rollback.backup.Verification;
import io.vertx.core.Future;

/**
 * Judges a rollback whose steps are done: is what it was for fixed? The daemon's answer re-runs the
 * check that triggered it and compares the target with the snapshot it restored. A verification
 * that could not be made fails: a rollback is never called successful on a guess.
 */
public interface RollbackVerifier {

    Future<Verification> verify(StrategyKind strategy, StepContext context);
}
