package dev.warden.rollback.decision;

import dev.warden.checks.CheckResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decide stage in one place. Check results feed the engine's streaks and matrix. A decision
 * opens or joins its target's incident, is announced, stored first (so it is never lost, never made
 * twice), then handed to the rollback port unless its rule is cooling down within that incident;
 * whatever becomes of it is stored and said. An incident closes when the check that opened it passes
 * {@code closeAfterPasses} times in a row (a verified rollback closes it too, see {@link #rollbackVerified}).
 */
public final class Decider {
    private static final Logger log = LoggerFactory.getLogger(Decider.class);
    /** How many earlier decisions a start-up reads back, so that their cooldowns survive a restart. */
    private static final int REMEMBERED = 1000;

    private final DecisionEngine engine;
    private final DecisionStore decisions;
    private final IncidentStore incidents;
    private final RollbackPort rollbacks;
    private final DecisionListener listener;
    private final int closeAfterPasses;
    private final Clock clock;
    private final Map<String, Integer> passesInARow = new ConcurrentHashMap<>();
    /** Incident and rule pairs whose cooldown has been said (see {@link #decided}). */
    private final Set<String> coolingSaid = ConcurrentHashMap.newKeySet();
    private final InterruptedDecisions interrupted;

    public Decider(DecisionEngine engine, DecisionStore decisions, IncidentStore incidents, RollbackPort rollbacks,
                   DecisionListener listener, int closeAfterPasses, Clock clock) {
        this(engine, decisions, incidents, rollbacks, listener, closeAfterPasses, clock, BreachRecheck.NEVER);
    }

    /** @param recheck runs a decision's check again, to tell after a restart whether it still applies */
    public Decider(DecisionEngine engine, DecisionStore decisions, IncidentStore incidents, RollbackPort rollbacks,
                   DecisionListener listener, int closeAfterPasses, Clock clock, BreachRecheck recheck) {
        this.interrupted = new InterruptedDecisions(decisions, incidents, rollbacks, recheck, clock);
        this.engine = engine;
        this.decisions = decisions;
        this.incidents = incidents;
        this.rollbacks = rollbacks;
        this.listener = listener;
        this.closeAfterPasses = closeAfterPasses;
        this.clock = clock;
    }

    /** Loads earlier decisions that were acted on, so that their cooldowns survive a restart. */
    public Future<Void> load() {
        return decisions.recentSettled(REMEMBERED, null).onSuccess(earlier -> earlier.stream()
                        .filter(settled -> settled.outcome().kind() != DecisionOutcome.Kind.NOT_ACTED)
                        .forEach(settled -> engine.remember(settled.decision())))
                .mapEmpty();
    }

    /**
     * At start-up, after {@link #load}: carries out the decisions a stopped Warden stored but did not
     * see through (see {@link InterruptedDecisions}); {@code unstarted} are the decisions whose
     * rollback the journal shows planned and never started.
     */
    public Future<Void> carryOutInterrupted(Collection<String> unstarted) {
        return interrupted.carryOut(unstarted, this::settle, engine::forget);
    }

    /**
     * For a cluster node that gained {@code target} (issue 16): like {@link #carryOutInterrupted}, for the
     * decisions about that target only, stored before {@code before} by the node that owned it.
     */
    public Future<Void> carryOutInterruptedOf(String target, Collection<String> unstarted, Instant before) {
        return interrupted.carryOut(before, target::equals, unstarted, this::settle, engine::forget);
    }

    /** One result of one check on one target. */
    public void observe(String target, CheckResult result) {
        countPasses(target, result);
        engine.assess(target, result).ifPresent(this::decided);
    }

    /** A rollback answering {@code incidentId} verified: the incident is over. */
    public Future<Void> rollbackVerified(String incidentId, String rollbackId) {
        return incidents.close(incidentId, "rollback " + rollbackId + " verified", clock.instant())
                .onSuccess(closed -> closed.ifPresent(this::closed))
                .mapEmpty();
    }

    /**
     * Decides on {@code breach} at once, without a streak and without a cooldown, with {@code context}
     * (a migration's id and command) leading the reasoning; then opens or joins the incident, stores,
     * hands over like any decision. Completes when the rollback it started has ended.
     */
    public Future<DecidedAtOnce> decideAtOnce(String target, CheckResult breach, List<String> context) {
        Optional<Decision> made = engine.decideAtOnce(target, breach, context);
        if (made.isEmpty()) {
            return Future.succeededFuture(DecidedAtOnce.noRule("no rule of the decision matrix answers "
                    + breach.issue().name().toLowerCase() + "/" + breach.severity().name().toLowerCase()));
        }
        Decision bare = made.get();
        return incidents.openOrJoin(target, bare.check(), bare.issue(), bare.severity(), bare.firstBreachAt())
                .map(incident -> bare.inIncident(incident.id()))
                .compose(decision -> {
                    listener.decided(decision);
                    return decisions.insert(decision).map(decision);
                })
                .compose(decision -> {
                    listener.stored(decision);
                    engine.acted(decision);
                    Promise<DecisionOutcome> settled = Promise.promise();
                    return rollbacks.submit(decision, outcome -> {
                                settle(decision, outcome);
                                settled.tryComplete(outcome);
                            })
                            // A rollback that failed before saying anything leaves no outcome to wait for.
                            .transform(ended -> ended.failed() && !settled.future().isComplete()
                                    ? Future.<DecisionOutcome>failedFuture(ended.cause()) : settled.future())
                            .map(outcome -> new DecidedAtOnce(decision, outcome));
                });
    }

    private void decided(Decision bare) {
        incidents.openOrJoin(bare.target(), bare.check(), bare.issue(), bare.severity(), bare.firstBreachAt())
                .map(incident -> bare.inIncident(incident.id()))
                .onSuccess(decision -> {
                    Optional<Instant> cooling = engine.cooldownUntil(decision);
                    // A cooldown is said once per incident and rule: its outcome names when it ends.
                    if (cooling.isEmpty() || coolingSaid.add(coolingKey(decision))) {
                        store(decision, cooling);
                    }
                })
                .onFailure(e -> notStored(bare, e));
    }

    private void store(Decision decision, Optional<Instant> cooling) {
        listener.decided(decision);
        decisions.insert(decision)
                .onSuccess(v -> act(decision, cooling))
                .onFailure(e -> notStored(decision, e));
    }

    /** Nothing is done on a decision that is not stored, and a human hears of it. */
    private void notStored(Decision decision, Throwable e) {
        log.error("Decision {} for {} could not be stored: {}", decision.id(), decision.target(), e.getMessage());
        listener.settled(decision, DecisionOutcome.notActed("the decision could not be stored: " + e.getMessage()));
    }

    /** Hands a stored decision over, unless its rule is cooling down within its incident. */
    private void act(Decision decision, Optional<Instant> cooling) {
        listener.stored(decision);
        if (cooling.isPresent()) {
            settle(decision, DecisionOutcome.notActed("the rule's cooldown in incident " + decision.incidentId()
                    + " runs until " + cooling.get() + "; until then this incident's breaches are not decided on again"));
            return;
        }
        engine.acted(decision);
        rollbacks.submit(decision, outcome -> settle(decision, outcome)).onFailure(e -> log.error(
                "The rollback for decision {} on {} failed: {}", decision.id(), decision.target(), e.getMessage()));
    }

    private static String coolingKey(Decision decision) {
        return decision.incidentId() + "/" + decision.issue() + "/" + decision.severity();
    }

    private void settle(Decision decision, DecisionOutcome outcome) {
        listener.settled(decision, outcome);
        decisions.settle(decision.id(), outcome).onFailure(e -> log.error("The outcome of decision {} ({}) could not"
                + " be stored: {}", decision.id(), outcome.detail(), e.getMessage()));
    }

    /** Passes in a row of each check on each target; enough of them close the incident that check opened. */
    private void countPasses(String target, CheckResult result) {
        String key = target + "/" + result.check();
        switch (result.status()) {
            case OK -> {
                int passes = passesInARow.merge(key, 1, Integer::sum);
                // Tried again every closeAfterPasses passes, in case the state store did not answer.
                if (passes % closeAfterPasses == 0) {
                    incidents.closeOpenedBy(target, result.check(), result.check() + " passed " + passes
                                    + " time(s) in a row", clock.instant())
                            .onSuccess(closed -> closed.ifPresent(this::closed))
                            .onFailure(e -> log.warn("Could not close the incident of {} on {}: {}", result.check(),
                                    target, e.getMessage()));
                }
            }
            case BREACH -> passesInARow.remove(key);
            default -> {
                // An inconclusive result says nothing either way.
            }
        }
    }

    private void closed(Incident incident) {
        coolingSaid.removeIf(key -> key.startsWith(incident.id() + "/"));
        log.info("Incident {} on {} closed: {}", incident.id(), incident.target(), incident.closedBecause());
        listener.incidentClosed(incident);
    }
}
