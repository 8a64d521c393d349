package dev.warden.daemon.rollback;

import dev.warden.rollback.engine.ForwardingJournal;
import dev.warden.rollback.engine.Journal;
import dev.warden.rollback.engine.RollbackPlan;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A failpoint for crash tests, off unless {@code WARDEN_TEST_HALT_BEFORE} is {@code journaling} (a
 * decision is stored and its rollback is about to be journaled) or {@code starting} (a decision's
 * rollback is journaled as planned and about to start): there the work stalls for good and a marker
 * line is logged, so that a test can SIGKILL the process at that instant and check that a restart
 * still carries the decision out.
 */
final class HaltBeforeStart extends ForwardingJournal {
    static final String VARIABLE = "WARDEN_TEST_HALT_BEFORE";
    private static final Logger log = LoggerFactory.getLogger(HaltBeforeStart.class);

    private final String point;

    private HaltBeforeStart(Journal journal, String point) {
        super(journal);
        this.point = point;
    }

    /** The journal itself, or the journal behind the failpoint when the variable is set. */
    static Journal around(Journal journal) {
        String point = System.getenv(VARIABLE);
        return point == null || point.isBlank() ? journal : new HaltBeforeStart(journal, point);
    }

    @Override
    public Future<Optional<String>> createUnlessAnswered(RollbackPlan plan) {
        return point.equals("journaling") && plan.request().decision() != null ? halt(plan.request().decisionId())
                : journal.createUnlessAnswered(plan);
    }

    @Override
    public Future<Boolean> begin(String rollbackId) {
        return point.equals("starting") ? halt(rollbackId) : journal.begin(rollbackId);
    }

    private <T> Future<T> halt(String id) {
        log.warn("failpoint: halted before {} {}", point, id);
        return Promise.<T>promise().future();
    }
}
