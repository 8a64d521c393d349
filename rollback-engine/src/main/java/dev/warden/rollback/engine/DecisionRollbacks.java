package dev.warden.rollback.engine;

import dev.warden.config.DecisionMode;
import dev.warden.config.StrategyKind;
import dev.warden.rollback.decision.Decision;
import dev.warden.rollback.decision.DecisionOutcome;
import dev.warden.rollback.decision.RollbackPort;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acts on decisions: plans the decided strategy, journals the plan (the journal's unique decision
 * id makes a second submit of the same decision a no-op, even a concurrent one) and, in auto mode,
 * runs it. Approve and dry-run decisions stay planned. A freeze decision, or one whose strategy
 * this Warden does not have, runs the freeze strategy: a human is paged, nothing is changed. One
 * incident gets one rollback. Each decision's outcome is said as soon as it is known. A decision
 * handed over again after a restart finds its rollback planned and never started, and starts it.
 */
public final class DecisionRollbacks implements RollbackPort {
    private static final Logger log = LoggerFactory.getLogger(DecisionRollbacks.class);

    /** Builds the request for a decision: the target's connection and the backup to restore (the daemon knows both). */
    @FunctionalInterface
    public interface Requests {
        Future<RollbackRequest> requestFor(Decision decision);
    }

    private final Journal journal;
    private final RollbackExecutor executor;
    private final Requests requests;
    /** Each decision this Warden is submitting now, by id: a second submit waits for the first. */
    private final Map<String, Future<Void>> inFlight = new ConcurrentHashMap<>();

    /** The outcome a dry run's plan is journaled with: kept to be read, and never approved into a run. */
    public static final String DRY_RUN_OUTCOME = "dry run: not executed";

    public DecisionRollbacks(Journal journal, RollbackExecutor executor, Requests requests) {
        this.journal = journal;
        this.executor = executor;
        this.requests = requests;
    }

    /** Completes when the rollback has ended (auto, freeze) or has been journaled as planned (approve, dry run). */
    @Override
    public Future<Void> submit(Decision decision, Consumer<DecisionOutcome> settled) {
        // Without waiting, a second submit could find the first one's plan journaled and not started yet,
        // take it for a plan a stopped Warden left, and start it too (the fence would refuse one of them).
        Promise<Void> mine = Promise.promise();
        Future<Void> earlier = inFlight.put(decision.id(), mine.future());
        (earlier == null ? Future.<Void>succeededFuture() : earlier.<Void>transform(done -> Future.succeededFuture()))
                .compose(v -> submitNow(decision, settled))
                .onComplete(done -> {
                    inFlight.remove(decision.id(), mine.future());
                    mine.handle(done);
                });
        return mine.future();
    }

    private Future<Void> submitNow(Decision decision, Consumer<DecisionOutcome> settled) {
        return journal.rollbackFor(decision.id()).compose(existing -> existing.isPresent()
                ? journaledBefore(decision, existing.get(), settled)
                : planAndAct(decision, settled));
    }

    /**
     * Ends a decision that no longer applies: a rollback of it that was planned and never started ends
     * failed with {@code why} (nothing was changed); one that did start is left to run its course.
     */
    @Override
    public Future<Void> withdraw(Decision decision, String why, Consumer<DecisionOutcome> settled) {
        return journal.rollbackFor(decision.id()).compose(existing -> {
            if (existing.isEmpty()) {
                settled.accept(DecisionOutcome.notActed(why));
                return Future.succeededFuture();
            }
            String id = existing.get();
            return journal.endUnstarted(id, RollbackStatus.FAILED, "not started: " + why + "; nothing was changed")
                    .map(ended -> {
                        settled.accept(ended ? DecisionOutcome.noLongerApplies(id, why) : DecisionOutcome.acting(id));
                        return null;
                    });
        });
    }

    /**
     * The decision's rollback is in the journal already. One its Warden planned and stopped before
     * starting (planned, with no outcome) is carried out now as the decision's mode says; any other
     * is this decision's answer, and nothing is done twice.
     */
    private Future<Void> journaledBefore(Decision decision, String rollbackId, Consumer<DecisionOutcome> settled) {
        return journal.load(rollbackId).compose(found -> {
            JournaledRollback rollback = found.orElse(null);
            if (rollback == null || rollback.status() != RollbackStatus.PLANNED || rollback.outcome() != null) {
                log.info("Decision {} already has rollback {}; not acting twice", decision.id(), rollbackId);
                settled.accept(DecisionOutcome.acting(rollbackId));
                return Future.succeededFuture();
            }
            log.warn("Decision {} for {}: rollback {} was planned and never started (its Warden stopped); carrying it"
                    + " out now", decision.id(), decision.target(), rollbackId);
            return act(decision, rollbackId, rollback.strategy(), strategyFor(decision).why(),
                    () -> executor.startPlanned(rollbackId), settled);
        });
    }

    private Future<Void> planAndAct(Decision decision, Consumer<DecisionOutcome> settled) {
        Chosen chosen = strategyFor(decision);
        return requests.requestFor(decision)
                .compose(request -> chosen.strategy().plan(request))
                .recover(e -> {
                    settled.accept(DecisionOutcome.notActed("the target cannot carry out "
                            + chosen.strategy().kind().name().toLowerCase() + ": " + e.getMessage()));
                    return Future.failedFuture(e);
                })
                .compose(plan -> journal.createUnlessAnswered(plan).compose(other -> {
                    if (other.isPresent()) {
                        log.warn("Decision {} for {}: incident {} is already answered by rollback {}; not acting"
                                + " twice", decision.id(), decision.target(), decision.incidentId(), other.get());
                        settled.accept(DecisionOutcome.alreadyAnswered(decision.incidentId(), other.get()));
                        return Future.succeededFuture();
                    }
                    return act(decision, plan.id(), plan.strategy(), chosen.why(), () -> executor.execute(plan),
                            settled);
                }));
    }

    private Future<Void> act(Decision decision, String rollbackId, StrategyKind strategy, String why,
                             Supplier<Future<RollbackOutcome>> run, Consumer<DecisionOutcome> settled) {
        if (strategy == StrategyKind.FREEZE) {
            settled.accept(DecisionOutcome.frozen(rollbackId, why));
            return logged(decision, run.get());
        }
        if (decision.mode() == DecisionMode.AUTO) {
            settled.accept(DecisionOutcome.acting(rollbackId));
            return logged(decision, run.get());
        }
        boolean approve = decision.mode() == DecisionMode.APPROVE;
        return journal.finish(rollbackId, RollbackStatus.PLANNED, approve ? "waiting for approval" : DRY_RUN_OUTCOME,
                        List.of())
                .onSuccess(v -> settled.accept(approve ? DecisionOutcome.awaitingApproval(rollbackId)
                        : DecisionOutcome.dryRun(rollbackId)));
    }

    private static Future<Void> logged(Decision decision, Future<RollbackOutcome> ran) {
        return ran.onSuccess(outcome -> log.info("Rollback {} for decision {}: {}", outcome.rollbackId(),
                decision.id(), outcome.status().journalName())).mapEmpty();
    }

    /** The strategy a decision runs, and in words why it is a freeze when it is one. */
    private Chosen strategyFor(Decision decision) {
        if (decision.mode() == DecisionMode.FREEZE || decision.strategy() == StrategyKind.FREEZE) {
            return new Chosen(freeze(), decision.mode() == DecisionMode.FREEZE ? "the rule's mode is freeze"
                    : "the rule's strategy is freeze");
        }
        return executor.strategy(decision.strategy())
                .map(strategy -> new Chosen(strategy, ""))
                .orElseGet(() -> {
                    log.warn("No {} strategy on this Warden for decision {}: paging a human instead",
                            decision.strategy(), decision.id());
                    return new Chosen(freeze(), "this Warden has no " + decision.strategy().name().toLowerCase()
                            + " strategy");
                });
    }

    private RollbackStrategy freeze() {
        return executor.strategy(StrategyKind.FREEZE)
                .orElseThrow(() -> new IllegalStateException("no freeze strategy is registered"));
    }

    private record Chosen(RollbackStrategy strategy, String why) {
    }
}
