package dev.warden.daemon.rollback;

import dev.warden.rollback.engine.Journal;
import dev.warden.rollback.engine.JournaledRollback;
import dev.warden.rollback.engine.RollbackPlan;
import dev.warden.rollback.engine.RollbackStatus;
import dev.warden.rollback.engine.Step;
import dev.warden.rollback.engine.StepEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A failpoint for crash tests, off unless {@code WARDEN_TEST_HALT_AFTER_STEP} names a step: once that
 * step's end (done, or found already done) is journaled, the rollback stalls for good and a marker line is printed, so that a
 * test can SIGKILL the process at exactly that point and check that a restart finishes the work.
 */
final class HaltAfterStep implements Journal {
    static final String VARIABLE = "WARDEN_TEST_HALT_AFTER_STEP";

    private final Journal journal;
    private final String step;

    private HaltAfterStep(Journal journal, String step) {
        this.journal = journal;
        this.step = step;
    }

    /** The journal itself, or the journal behind the failpoint when the variable is set. */
    static Journal around(Journal journal) {
        String step = System.getenv(VARIABLE);
        return step == null || step.isBlank() ? journal : new HaltAfterStep(journal, step);
    }

    @Override
    public Future<Void> step(String rollbackId, int position, Step s, StepEvent event, String error) {
        Future<Void> written = journal.step(rollbackId, position, s, event, error);
        boolean ended = event == StepEvent.SUCCEEDED || event == StepEvent.SKIPPED_ALREADY_DONE;
        if (!ended || !s.name().equals(step)) {
            return written;
        }
        return written.compose(v -> {
            System.out.println("failpoint: halted after step " + step + " of rollback " + rollbackId);
            System.out.flush();
            return Promise.<Void>promise().future();
        });
    }

    @Override
    public Future<Boolean> create(RollbackPlan plan) {
        return journal.create(plan);
    }

    @Override
    public Future<Boolean> begin(String rollbackId) {
        return journal.begin(rollbackId);
    }

    @Override
    public Future<Void> finish(String rollbackId, RollbackStatus status, String outcome, List<String> evidence) {
        return journal.finish(rollbackId, status, outcome, evidence);
    }

    @Override
    public Future<Optional<JournaledRollback>> load(String rollbackId) {
        return journal.load(rollbackId);
    }

    @Override
    public Future<Optional<String>> rollbackFor(String decisionId) {
        return journal.rollbackFor(decisionId);
    }

    @Override
    public Future<List<String>> unfinished() {
        return journal.unfinished();
    }

    @Override
    public Future<List<String>> recent(int limit) {
        return journal.recent(limit);
    }

    @Override
    public Future<Optional<String>> createUnlessRecent(RollbackPlan plan, Duration window) {
        return journal.createUnlessRecent(plan, window);
    }
}
