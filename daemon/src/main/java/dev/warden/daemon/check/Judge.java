package dev.warden.daemon.check;

import dev.warden.checks.CheckResult;
import dev.warden.config.IssueType;
import dev.warden.config.Severity;
import dev.warden.daemon.alert.Alert;
import dev.warden.daemon.alert.Alerts;
import dev.warden.rollback.decision.Decider;
import dev.warden.rollback.decision.Decision;
import dev.warden.rollback.decision.DecisionListener;
import dev.warden.rollback.decision.DecisionOutcome;
import dev.warden.rollback.decision.Incident;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires every check result to what the daemon shows of it (metrics, alerts, log) and to the
 * {@link Decider}; hears the decider's decisions for the same three.
 */
public final class Judge implements ResultListener, DecisionListener {
    private static final Logger log = LoggerFactory.getLogger(Judge.class);

    private final CheckMetrics metrics;
    private final Alerts alerts;
    private final AfterRollbacks afterRollbacks;
    private final Map<String, IssueType> lastBreachIssue = new ConcurrentHashMap<>();
    private final CouldNotTell couldNotTell = new CouldNotTell();
    private Decider decider;
    private volatile Predicate<String> decisionsHeld = target -> false;

    public Judge(CheckMetrics metrics, Alerts alerts, AfterRollbacks afterRollbacks) {
        this.metrics = metrics;
        this.alerts = alerts;
        this.afterRollbacks = afterRollbacks;
    }

    /** The decider hears of this judge as its listener, so it is handed over once both exist. */
    public void decideWith(Decider decider) {
        this.decider = decider;
    }

    /**
     * While {@code held} says so for a target (a migration owns it), its results are shown but not
     * decided on: the migration's verdict decides once, with the migration as context.
     */
    public void holdDecisionsWhile(Predicate<String> held) {
        this.decisionsHeld = held;
    }

    @Override
    public void accept(String target, CheckResult result, Duration took) {
        metrics.record(target, result, took);
        alert(target, result);
        if (decisionsHeld.test(target)) {
            log.debug("{} on {}: not decided on, a migration owns the target", result.check(), target);
            return;
        }
        if (afterRollbacks.overtook(target, took)) {
            log.info("{} on {}: {} from a run begun before the target's last rollback ended: shown, not decided on"
                    + " (the next run looks at the target as the rollback left it)", result.check(), target,
                    result.status().name().toLowerCase());
            return;
        }
        decider.observe(target, result);
    }

    /**
     * A breach pages with its issue and severity; a check that could not tell pages too (a human must
     * look, nothing will be rolled back on it); an OK resolves both, and the decision its breach led to.
     * The log says "could not tell" once while the reason stays the same, and when the check tells again.
     */
    private void alert(String target, CheckResult result) {
        Map<String, String> labels = Map.of("target", target, "check", result.check());
        switch (result.status()) {
            case BREACH -> {
                log.warn("{} on {}: {} {} breach: {}", result.check(), target, result.severity(), result.issue(),
                        result.summary());
                lastBreachIssue.put(target + "/" + result.check(), result.issue());
                couldNotTell.cleared(target, result.check());
                alerts.fire(Alert.checkBreach(target, result.check(), result.issue(), result.severity(), result.summary())
                        .withEvidence(result.evidence()));
                alerts.resolveMatching(Alert.CHECK_INCONCLUSIVE, labels);
            }
            case INCONCLUSIVE -> {
                if (couldNotTell.news(target, result.check(), result.summary())) {
                    log.warn("{} on {} could not tell: {}", result.check(), target, result.summary());
                } else {
                    log.debug("{} on {} still could not tell: {}", result.check(), target, result.summary());
                }
                alerts.fire(Alert.checkInconclusive(target, result.check(), Severity.MEDIUM, result.summary()));
            }
            default -> {
                if (couldNotTell.cleared(target, result.check()) != null) {
                    log.info("{} on {} can tell again: {}", result.check(), target, result.summary());
                } else {
                    log.debug("{} on {}: {}", result.check(), target, result.summary());
                }
                alerts.resolveMatching(Alert.CHECK_BREACH, labels);
                alerts.resolveMatching(Alert.CHECK_INCONCLUSIVE, labels);
                IssueType issue = lastBreachIssue.remove(target + "/" + result.check());
                if (issue != null) {
                    alerts.resolveMatching(Alert.DECISION, Map.of("target", target, "issue", issue.name().toLowerCase()));
                }
            }
        }
    }

    @Override
    public void decided(Decision decision) {
        log.warn("Decision {} for {} in incident {}: {} ({} mode, budget {} s): {}", decision.id(), decision.target(),
                decision.incidentId(), decision.strategy(), decision.mode(), decision.timeBudget().toSeconds(),
                decision.reasoning().get(0));
    }

    @Override
    public void stored(Decision decision) {
        metrics.decided(decision);
    }

    /** The decision's page says what became of it, with the id to approve when there is one. */
    @Override
    public void settled(Decision decision, DecisionOutcome outcome) {
        alerts.fire(Alert.decision(decision.target(), decision.issue(), decision.severity(),
                        decision.reasoning().get(decision.reasoning().size() - 1), outcome.detail())
                .withAnnotation("decision_id", decision.id())
                .withAnnotation("incident_id", String.valueOf(decision.incidentId()))
                .withAnnotation("outcome", outcome.kind().label())
                .withAnnotation("rollback_id", outcome.rollbackId() == null ? "" : outcome.rollbackId()));
        log.warn("Decision {} for {}: {}", decision.id(), decision.target(), outcome.detail());
        metrics.settled(decision, outcome);
    }

    @Override
    public void incidentClosed(Incident incident) {
        alerts.resolveMatching(Alert.DECISION, Map.of("target", incident.target(),
                "issue", incident.issue().name().toLowerCase()));
    }
}
