package dev.warden.rollback.engine;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A journal that hands every call to another; extend it to change one call (failpoints, crash tests). */
public abstract class ForwardingJournal implements Journal {
    protected final Journal journal;

    protected ForwardingJournal(Journal journal) {
        this.journal = journal;
    }

    @Override
    public Future<Boolean> create(RollbackPlan plan) {
        return journal.create(plan);
    }

    @Override
    public Future<Optional<String>> createUnlessAnswered(RollbackPlan plan) {
        return journal.createUnlessAnswered(plan);
    }

    @Override
    public Future<Boolean> begin(String rollbackId) {
        return journal.begin(rollbackId);
    }

    @Override
    public Future<Void> step(String rollbackId, int position, Step step, StepEvent event, String error) {
        return journal.step(rollbackId, position, step, event, error);
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
    public Future<List<Unstarted>> unstarted(Instant plannedBefore) {
        return journal.unstarted(plannedBefore);
    }

    @Override
    public Future<Boolean> endUnstarted(String rollbackId, RollbackStatus status, String outcome) {
        return journal.endUnstarted(rollbackId, status, outcome);
    }

    @Override
    public Future<List<String>> recent(int limit) {
        return journal.recent(limit);
    }
}
