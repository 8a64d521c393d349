package dev.warden.daemon.rollback;

import dev.warden.rollback.engine.ForwardingJournal;
import dev.warden.rollback.engine.Journal;
import dev.warden.rollback.engine.Step;
import dev.warden.rollback.engine.StepEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A failpoint for crash tests, off unless {@code WARDEN_TEST_HALT_AFTER_STEP} names a step: once that
 * step's end (done, or found already done) is journaled, the rollback stalls for good and a marker line is logged, so that a
 * test can SIGKILL the process at exactly that point and check that a restart finishes the work.
 */
final class HaltAfterStep extends ForwardingJournal {
    static final String VARIABLE = "WARDEN_TEST_HALT_AFTER_STEP";
    private static final Logger log = LoggerFactory.getLogger(HaltAfterStep.class);

    private final String step;

    private HaltAfterStep(Journal journal, String step) {
        super(journal);
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
            log.warn("failpoint: halted after step {} of rollback {}", step, rollbackId);
            return Promise.<Void>promise().future();
        });
    }
}
