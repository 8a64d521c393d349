package dev.warden.daemon.drill;

import dev.warden.rollback.engine.Journal;
import dev.warden.rollback.engine.JournaledRollback;
import dev.warden.rollback.engine.RollbackPlan;
import dev.warden.rollback.engine.RollbackStatus;
import dev.warden.rollback.engine.Step;
import dev.warden.rollback.engine.StepEvent;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The journal of a drill's rollbacks, kept in memory: they act on a scratch copy that is dropped at
 * the drill's end, so there is nothing to resume after a restart, and they must not appear among the
 * target's real rollbacks. What it keeps is each step's timing, for the drill's report.
 */
final class DrillJournal implements Journal {
    private final Clock clock;
    private final Map<String, List<JsonObject>> steps = new ConcurrentHashMap<>();
    private final Map<String, Instant> started = new ConcurrentHashMap<>();

    DrillJournal(Clock clock) {
        this.clock = clock;
    }

    /** Each step of {@code rollbackId} as it ran: name, result, milliseconds, error. */
    List<JsonObject> steps(String rollbackId) {
        return List.copyOf(steps.getOrDefault(rollbackId, List.of()));
    }

    @Override
    public Future<Boolean> create(RollbackPlan plan) {
        steps.put(plan.id(), new ArrayList<>());
        return Future.succeededFuture(true);
    }

    @Override
    public Future<Boolean> begin(String rollbackId) {
        return Future.succeededFuture(true);
    }

    @Override
    public Future<Void> step(String rollbackId, int position, Step step, StepEvent event, String error) {
        String key = rollbackId + "/" + position;
        Instant now = clock.instant();
        if (event == StepEvent.STARTED) {
            started.put(key, now);
            return Future.succeededFuture();
        }
        Instant from = started.getOrDefault(key, now);
        steps.computeIfAbsent(rollbackId, id -> new ArrayList<>()).add(new JsonObject().put("position", position)
                .put("step", step.name()).put("result", event.journalName())
                .put("ms", Duration.between(from, now).toMillis()).put("error", error));
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> finish(String rollbackId, RollbackStatus status, String outcome, List<String> evidence) {
        return Future.succeededFuture();
    }

    @Override
    public Future<Optional<JournaledRollback>> load(String rollbackId) {
        return Future.succeededFuture(Optional.empty());
    }

    @Override
    public Future<Optional<String>> rollbackFor(String decisionId) {
        return Future.succeededFuture(Optional.empty());
    }

    @Override
    public Future<List<String>> unfinished() {
        return Future.succeededFuture(List.of());
    }

    @Override
    public Future<List<Unstarted>> unstarted(Instant plannedBefore) {
        return Future.succeededFuture(List.of());
    }

    @Override
    public Future<Boolean> endUnstarted(String rollbackId, RollbackStatus status, String outcome) {
        return Future.succeededFuture(false);
    }

    @Override
    public Future<List<String>> recent(int limit) {
        return Future.succeededFuture(List.of());
    }

    @Override
    public Future<Optional<String>> createUnlessAnswered(RollbackPlan plan) {
        return create(plan).map(created -> Optional.empty());
    }
}
