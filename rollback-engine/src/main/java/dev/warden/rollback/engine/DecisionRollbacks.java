package dev.warden.rollback.engine;

import dev.warden.config.DecisionMode;
import dev.warden.config.StrategyKind;
import dev.warden.rollback.decision.Decision;
import dev.warden.rollback.decision.RollbackPort;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acts on decisions: plans the decided strategy, journals the plan (the journal's unique decision
 * id makes a second submit of the same decision a no-op, even a concurrent one) and, in auto mode,
 * runs it. Approve and dry-run decisions stay planned. A freeze decision, or one whose strategy
 * this Warden does not have, runs the freeze strategy: a human is paged, nothing is changed.
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
    private final Duration incidentWindow;

    /** The outcome a dry run's plan is journaled with: kept to be read, and never approved into a run. */
    public static final String DRY_RUN_OUTCOME = "dry run: not executed";

    /** How long after a rollback of a target another decision about it is taken as the same incident. */
    public static final Duration INCIDENT_WINDOW = Duration.ofMinutes(30);

    public DecisionRollbacks(Journal journal, RollbackExecutor executor, Requests requests) {
        this(journal, executor, requests, INCIDENT_WINDOW);
    }

    public DecisionRollbacks(Journal journal, RollbackExecutor executor, Requests requests, Duration incidentWindow) {
        this.journal = journal;
        this.executor = executor;
        this.requests = requests;
        this.incidentWindow = incidentWindow;
    }

    /** Completes when the rollback has ended (auto, freeze) or has been journaled as planned (approve, dry run). */
    @Override
    public Future<Void> submit(Decision decision) {
        return journal.rollbackFor(decision.id()).compose(existing -> {
            if (existing.isPresent()) {
                log.info("Decision {} already has rollback {}; not acting twice", decision.id(), existing.get());
                return Future.succeededFuture();
            }
            return requests.requestFor(decision)
                    .compose(request -> strategyFor(decision).plan(request))
                    .compose(plan -> journal.createUnlessRecent(plan, incidentWindow).compose(other -> {
                        if (other.isPresent()) {
                            log.warn("Decision {} for {}: rollback {} already answers this incident; not acting twice",
                                    decision.id(), decision.target(), other.get());
                            return Future.succeededFuture();
                        }
                        return act(decision, plan);
                    }));
        });
    }

    private Future<Void> act(Decision decision, RollbackPlan plan) {
        if (decision.mode() == DecisionMode.AUTO || plan.strategy() == StrategyKind.FREEZE) {
            return executor.execute(plan).onSuccess(outcome -> log.info("Rollback {} for decision {}: {}",
                    plan.id(), decision.id(), outcome.status().journalName())).mapEmpty();
        }
        String why = decision.mode() == DecisionMode.APPROVE ? "waiting for approval" : DRY_RUN_OUTCOME;
        return journal.finish(plan.id(), RollbackStatus.PLANNED, why, List.of());
    }

    private RollbackStrategy strategyFor(Decision decision) {
        StrategyKind wanted = decision.mode() == DecisionMode.FREEZE ? StrategyKind.FREEZE : decision.strategy();
        return executor.strategy(wanted)
                .or(() -> {
                    log.warn("No {} strategy on this Warden for decision {}: paging a human instead", wanted,
                            decision.id());
                    return executor.strategy(StrategyKind.FREEZE);
                })
                .orElseThrow(() -> new IllegalStateException("no " + wanted + " and no freeze strategy is registered"));
    }
}
