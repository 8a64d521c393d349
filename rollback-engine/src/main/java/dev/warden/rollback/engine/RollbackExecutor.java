package dev.warden.rollback.engine;

import dev.warden.ErrorCode;
import dev.warden.WardenException;
import dev.warden.config.StrategyKind;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Runs rollback plans: takes the target's {@link Fence} (failing fast when another Warden holds
 * it), journals the plan, runs its steps through a {@link StepRunner} and lets the fence go. After
 * a restart, {@link #resume} continues a rollback the journal shows as running, but only when every
 * interrupted step can tell whether its effect is in place; otherwise it is marked needs_attention.
 */
public final class RollbackExecutor {
    private final Vertx vertx;
    private final Clock clock;
    private final Journal journal;
    private final Map<StrategyKind, RollbackStrategy> strategies = new EnumMap<>(StrategyKind.class);
    private final Function<String, PgConnectOptions> targets;
    private final List<BiConsumer<String, RollbackOutcome>> listeners = new CopyOnWriteArrayList<>();

    /** @param targets a target's connection by its name, for resumed rollbacks (the journal holds no credentials) */
    public RollbackExecutor(Vertx vertx, Clock clock, Journal journal, List<RollbackStrategy> strategies,
                            Function<String, PgConnectOptions> targets) {
        this.vertx = vertx;
        this.clock = clock;
        this.journal = journal;
        this.targets = targets;
        strategies.forEach(s -> this.strategies.put(s.kind(), s));
    }

    /**
     * Told the target and outcome of every rollback this executor ends, whoever started it (metrics,
     * reports), as it ends.
     */
    public void onOutcome(BiConsumer<String, RollbackOutcome> listener) {
        listeners.add(listener);
    }

    private Future<RollbackOutcome> told(String target, Future<RollbackOutcome> outcome) {
        return outcome.onSuccess(done -> listeners.forEach(listener -> listener.accept(target, done)));
    }

    public Optional<RollbackStrategy> strategy(StrategyKind kind) {
        return Optional.ofNullable(strategies.get(kind));
    }

    /** Runs {@code plan}, journaled first unless it already is (as planned). */
    public Future<RollbackOutcome> execute(RollbackPlan plan) {
        return told(plan.target(), Fence.acquire(vertx, plan.target(), plan.request().connection()).compose(fence ->
                journalAndStart(plan)
                        .compose(v -> runner(plan.id(), plan.request(), plan.steps(), fence, Map.of()).run())
                        .eventually(fence::release)));
    }

    /** Continues a rollback that was running when its Warden stopped. */
    public Future<RollbackOutcome> resume(String rollbackId) {
        return journal.load(rollbackId).compose(found -> {
            JournaledRollback journaled = found.orElseThrow(() -> new WardenException(ErrorCode.NOT_FOUND,
                    "no rollback " + rollbackId + " in the journal"));
            if (journaled.status() != RollbackStatus.RUNNING) {
                return Future.failedFuture(new WardenException(ErrorCode.FAILED, "rollback " + rollbackId + " is "
                        + journaled.status().journalName() + ": only a running rollback is resumed"));
            }
            RollbackRequest request = new RollbackRequest(journaled.target(), targets.apply(journaled.target()), null,
                    journaled.backup(), journaled.options(), journaled.requestedAt());
            return told(journaled.target(), Fence.acquire(vertx, journaled.target(), request.connection()).compose(fence ->
                    resumeUnderFence(journaled, request, fence).eventually(fence::release)));
        });
    }

    /**
     * Runs a rollback that was planned and left waiting (a decision in approve mode): its steps are
     * rebuilt from the journaled request, and the planned-to-running move is atomic, so two approvals
     * run it once. A dry run's plan is refused: that mode promises to change nothing.
     */
    public Future<RollbackOutcome> approve(String rollbackId) {
        return planned(rollbackId).compose(journaled -> {
            if (DecisionRollbacks.DRY_RUN_OUTCOME.equals(journaled.outcome())) {
                return Future.failedFuture(new WardenException(ErrorCode.BUSY, "rollback " + rollbackId + " is the plan"
                        + " of a dry run, kept to be read: plan and execute a new rollback to act"));
            }
            return start(journaled);
        });
    }

    /**
     * Starts a rollback an automatic decision planned and a stopped Warden never started, exactly as
     * an approval would: rebuilt from the journal, planned-to-running atomically, so it runs once.
     */
    public Future<RollbackOutcome> startPlanned(String rollbackId) {
        return planned(rollbackId).compose(this::start);
    }

    private Future<JournaledRollback> planned(String rollbackId) {
        return journal.load(rollbackId).compose(found -> {
            JournaledRollback journaled = found.orElseThrow(() -> new WardenException(ErrorCode.NOT_FOUND,
                    "no rollback " + rollbackId + " in the journal"));
            return journaled.status() == RollbackStatus.PLANNED ? Future.succeededFuture(journaled)
                    : Future.failedFuture(new WardenException(ErrorCode.BUSY, "rollback " + rollbackId + " is "
                            + journaled.status().journalName() + ": only a planned rollback can be approved"));
        });
    }

    private Future<RollbackOutcome> start(JournaledRollback journaled) {
        String rollbackId = journaled.id();
        RollbackStrategy strategy = strategies.get(journaled.strategy());
        if (strategy == null) {
            return Future.failedFuture(new WardenException(ErrorCode.FAILED, "this Warden has no "
                    + journaled.strategy().name().toLowerCase(Locale.ROOT) + " strategy"));
        }
        RollbackRequest request = new RollbackRequest(journaled.target(), targets.apply(journaled.target()), null,
                journaled.backup(), journaled.options(), journaled.requestedAt());
        List<Step> steps = strategy.steps(request);
        return told(journaled.target(), Fence.acquire(vertx, journaled.target(), request.connection()).compose(fence ->
                journal.begin(rollbackId)
                        .compose(begun -> begun ? runner(rollbackId, request, steps, fence, Map.of()).run()
                                : Future.<RollbackOutcome>failedFuture(new WardenException(ErrorCode.BUSY,
                                        "rollback " + rollbackId + " was started by someone else meanwhile")))
                        .eventually(fence::release)));
    }

    /** Resumes every rollback the journal shows as running, one after the other (for start-up). */
    public Future<List<RollbackOutcome>> resumeUnfinished() {
        return journal.unfinished().compose(ids -> {
            Future<List<RollbackOutcome>> chain = Future.succeededFuture(new ArrayList<>());
            for (String id : ids) {
                chain = chain.compose(done -> resume(id).map(outcome -> {
                    done.add(outcome);
                    return done;
                }));
            }
            return chain;
        });
    }

    private Future<RollbackOutcome> resumeUnderFence(JournaledRollback journaled, RollbackRequest request, Fence fence) {
        RollbackStrategy strategy = strategies.get(journaled.strategy());
        List<Step> steps = strategy == null ? List.of() : strategy.steps(request);
        StepRunner runner = runner(journaled.id(), request, steps, fence, journaled.lastEvents());
        List<String> planned = journaled.steps().stream().map(JournaledRollback.PlannedStep::name).toList();
        if (!planned.equals(steps.stream().map(Step::name).toList())) {
            String kind = journaled.strategy().name().toLowerCase(Locale.ROOT);
            return runner.finish(RollbackStatus.NEEDS_ATTENTION, "this Warden's " + kind + " steps "
                    + steps.stream().map(Step::name).toList() + " differ from the journaled " + planned
                    + "; nothing was resumed");
        }
        return new Resumption(journaled, steps, StepContext.of(vertx, clock, journaled.id(), request, fence.pid()))
                .check()
                .compose(problem -> problem.isPresent()
                        ? runner.finish(RollbackStatus.NEEDS_ATTENTION, problem.get())
                        : resumed(runner).run());
    }

    private StepRunner resumed(StepRunner runner) {
        runner.note("resumed at " + clock.instant() + " after the Warden running it stopped");
        return runner;
    }

    private Future<Void> journalAndStart(RollbackPlan plan) {
        return journal.create(plan)
                .compose(created -> created ? Future.succeededFuture() : journal.load(plan.id()).compose(found -> {
                    if (found.isPresent() && found.get().status() == RollbackStatus.PLANNED) {
                        return Future.succeededFuture();
                    }
                    if (found.isPresent()) {
                        return Future.failedFuture(new WardenException(ErrorCode.BUSY, "rollback " + plan.id()
                                + " is already " + found.get().status().journalName()));
                    }
                    return journal.rollbackFor(plan.request().decisionId()).compose(other -> Future.failedFuture(
                            new WardenException(ErrorCode.BUSY, "decision " + plan.request().decisionId()
                                    + " already has rollback " + other.orElse("(unknown)") + "; one decision makes"
                                    + " at most one rollback")));
                }))
                .compose(v -> journal.begin(plan.id()))
                .compose(begun -> begun ? Future.<Void>succeededFuture() : Future.failedFuture(new WardenException(
                        ErrorCode.BUSY, "rollback " + plan.id() + " was started by someone else meanwhile")));
    }

    private StepRunner runner(String id, RollbackRequest request, List<Step> steps, Fence fence,
                              Map<Integer, StepEvent> earlier) {
        return new StepRunner(journal, fence, StepContext.of(vertx, clock, id, request, fence.pid()), clock, steps,
                earlier);
    }
}
