package dev.warden.rollback.strategy;

import dev.warden.rollback.engine.ForwardingJournal;
import dev.warden.rollback.engine.Journal;
import dev.warden.rollback.engine.JournaledRollback;
import dev.warden.rollback.engine.RollbackPlan;
import dev.warden.rollback.engine.RollbackStatus;
import dev.warden.rollback.engine.Step;
import dev.warden.rollback.engine.StepEvent;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A real journal that "crashes": from some step event on it writes nothing at all, so the rollback
 * stays running in the journal and no further step runs (a step runs only after its start is
 * journaled), like a Warden that died at that moment.
 */
final class CrashingJournal extends ForwardingJournal {
    private final int position;
    private final boolean afterItRan;
    private volatile boolean crashed;

    private CrashingJournal(Journal journal, int position, boolean afterItRan) {
        super(journal);
        this.position = position;
        this.afterItRan = afterItRan;
    }

    /** Dies before the step at {@code position} (0-based) is journaled as started or skipped. */
    static CrashingJournal beforeStep(Journal journal, int position) {
        return new CrashingJournal(journal, position, false);
    }

    /** Dies after the step at {@code position} ran, before its success is journaled. */
    static CrashingJournal afterStepRan(Journal journal, int position) {
        return new CrashingJournal(journal, position, true);
    }

    @Override
    public Future<Void> step(String rollbackId, int at, Step step, StepEvent event, String error) {
        crashed |= afterItRan ? at > position || (at == position && event != StepEvent.STARTED) : at >= position;
        return crashed ? crash() : journal.step(rollbackId, at, step, event, error);
    }

    @Override
    public Future<Void> finish(String rollbackId, RollbackStatus status, String outcome, List<String> evidence) {
        return crashed ? crash() : journal.finish(rollbackId, status, outcome, evidence);
    }

    private static <T> Future<T> crash() {
        return Future.failedFuture(new IllegalStateException("the Warden crashed"));
    }
}
