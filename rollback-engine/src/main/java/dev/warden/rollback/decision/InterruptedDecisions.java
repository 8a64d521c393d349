package dev.warden.rollback.decision;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a restart, the decisions a stopped Warden stored but did not see through: still pending (it
 * stopped before journaling a rollback), or whose rollback was journaled as planned and never
 * started. Each is handed to the rollback port again, which finds or makes its one rollback and
 * starts it, unless it no longer applies: its incident has closed, or its check passes now. Then it
 * is withdrawn with that reason, so that nothing stays planned forever in front of the incident.
 */
final class InterruptedDecisions {
    private static final Logger log = LoggerFactory.getLogger(InterruptedDecisions.class);

    private final DecisionStore decisions;
    private final IncidentStore incidents;
    private final RollbackPort rollbacks;
    private final BreachRecheck recheck;
    private final Clock clock;
    /** This Warden's start: decisions made since are its own, not left over. */
    private final Instant started;

    InterruptedDecisions(DecisionStore decisions, IncidentStore incidents, RollbackPort rollbacks, BreachRecheck recheck,
                         Clock clock) {
        this.decisions = decisions;
        this.incidents = incidents;
        this.rollbacks = rollbacks;
        this.recheck = recheck;
        this.clock = clock;
        this.started = clock.instant();
    }

    /**
     * @param unstarted decisions whose rollback the journal shows planned and never started
     * @param settle    where each decision's outcome goes (stored and said)
     * @param withdrawn told of each decision given up, whose cooldown must not hold back the next one
     * @return completes once each has been handed over or withdrawn (not when its rollback ends)
     */
    Future<Void> carryOut(Collection<String> unstarted, BiConsumer<Decision, DecisionOutcome> settle,
                          Consumer<Decision> withdrawn) {
        return carryOut(started, target -> true, unstarted, settle, withdrawn);
    }

    /**
     * Only the decisions about the targets {@code ofTarget} accepts, made before {@code before}: for a
     * cluster node, the decisions of a target it gained, left by the node that owned it.
     */
    Future<Void> carryOut(Instant before, Predicate<String> ofTarget, Collection<String> unstarted,
                          BiConsumer<Decision, DecisionOutcome> settle, Consumer<Decision> withdrawn) {
        return decisions.pending(before).compose(pending -> {
            Set<String> ids = new LinkedHashSet<>();
            pending.stream().filter(decision -> ofTarget.test(decision.target())).forEach(decision -> ids.add(decision.id()));
            ids.addAll(unstarted);
            List<Future<Void>> handed = new ArrayList<>();
            for (String id : ids) {
                handed.add(decisions.find(id)
                        .compose(found -> found.filter(decision -> ofTarget.test(decision.target()))
                                .map(decision -> carryOut(decision, settle, withdrawn))
                                .orElse(Future.succeededFuture()))
                        .recover(e -> {
                            log.error("Could not carry out decision {} after the restart: {}", id, e.getMessage());
                            return Future.succeededFuture();
                        }));
            }
            return Future.all(handed).mapEmpty();
        });
    }

    private Future<Void> carryOut(Decision decision, BiConsumer<Decision, DecisionOutcome> settle,
                                  Consumer<Decision> withdrawn) {
        return noLongerApplies(decision).map(why -> {
            if (why.isPresent()) {
                log.warn("Decision {} for {} was not seen through before Warden stopped and no longer applies: {}",
                        decision.id(), decision.target(), why.get());
                withdrawn.accept(decision);
                rollbacks.withdraw(decision, why.get(), outcome -> settle.accept(decision, outcome))
                        .onFailure(e -> log.error("Could not withdraw decision {}: {}", decision.id(), e.getMessage()));
            } else {
                log.warn("Decision {} for {} was not seen through before Warden stopped: carrying it out now",
                        decision.id(), decision.target());
                // Handed over, not awaited: its rollback may run for a while.
                rollbacks.submit(decision, outcome -> settle.accept(decision, outcome)).onFailure(e -> log.error(
                        "The rollback for decision {} on {} failed: {}", decision.id(), decision.target(), e.getMessage()));
            }
            return null;
        });
    }

    /** Why the decision no longer applies, or empty when it still does. */
    private Future<Optional<String>> noLongerApplies(Decision decision) {
        Future<Optional<Incident>> incident = decision.incidentId() == null ? Future.succeededFuture(Optional.empty())
                : incidents.find(decision.incidentId());
        return incident.compose(found -> {
            if (found.isPresent() && found.get().closedAt() != null) {
                return Future.succeededFuture(Optional.of("incident " + found.get().id() + " closed at "
                        + found.get().closedAt() + " (" + found.get().closedBecause() + ") before Warden acted on it"));
            }
            return recheck.stillBreaching(decision.target(), decision.check())
                    .otherwise(true)
                    .map(breaching -> breaching ? Optional.<String>empty()
                            : Optional.of("the target recovered: check " + decision.check() + " passes on "
                                    + decision.target() + " at " + clock.instant()));
        });
    }
}
