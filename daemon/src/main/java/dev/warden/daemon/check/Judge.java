package dev.warden.daemon.check;

import dev.warden.checks.CheckResult;
import dev.warden.config.IssueType;
import dev.warden.config.Severity;
import dev.warden.daemon.alert.Alert;
import dev.warden.daemon.alert.Alerts;
import dev.warden.rollback.decision.Decision;
import dev.warden.rollback.decision.DecisionEngine;
import dev.warden.rollback.decision.RollbackPort;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every check result goes: metrics, the decision engine, and for a decision, the state store
 * first (so it is never lost, never made twice), then its metric, then the rollback port.
 */
public final class Judge implements ResultListener {
    private static final Logger log = LoggerFactory.getLogger(Judge.class);

    private final DecisionEngine engine;
    private final DecisionStore decisions;
    private final CheckMetrics metrics;
    private final RollbackPort rollbacks;
    private final Alerts alerts;
    private final Map<String, IssueType> lastBreachIssue = new ConcurrentHashMap<>();

    public Judge(DecisionEngine engine, DecisionStore decisions, CheckMetrics metrics, RollbackPort rollbacks,
                 Alerts alerts) {
        this.engine = engine;
        this.decisions = decisions;
        this.metrics = metrics;
        this.rollbacks = rollbacks;
        this.alerts = alerts;
    }

    /** Loads earlier decisions so that their cooldowns survive a restart. */
    public Future<Void> load() {
        return decisions.recent(1000).onSuccess(earlier -> earlier.forEach(engine::remember)).mapEmpty();
    }

    @Override
    public void accept(String target, CheckResult result, Duration took) {
        metrics.record(target, result, took);
        alert(target, result);
        engine.observe(target, result).ifPresent(this::decided);
    }

    /**
     * A breach pages with its issue and severity; a check that could not tell pages too (a human must
     * look, nothing will be rolled back on it); an OK resolves both, and the decision its breach led to.
     */
    private void alert(String target, CheckResult result) {
        Map<String, String> labels = Map.of("target", target, "check", result.check());
        switch (result.status()) {
            case BREACH -> {
                log.warn("{} on {}: {} {} breach: {}", result.check(), target, result.severity(), result.issue(),
                        result.summary());
                lastBreachIssue.put(target + "/" + result.check(), result.issue());
                alerts.fire(Alert.checkBreach(target, result.check(), result.issue(), result.severity(), result.summary())
                        .withDescription(evidence(result)));
                alerts.resolveMatching(Alert.CHECK_INCONCLUSIVE, labels);
            }
            case INCONCLUSIVE -> {
                log.warn("{} on {} could not tell: {}", result.check(), target, result.summary());
                alerts.fire(Alert.checkInconclusive(target, result.check(), Severity.MEDIUM, result.summary()));
            }
            default -> {
                log.debug("{} on {}: {}", result.check(), target, result.summary());
                alerts.resolveMatching(Alert.CHECK_BREACH, labels);
                alerts.resolveMatching(Alert.CHECK_INCONCLUSIVE, labels);
                IssueType issue = lastBreachIssue.remove(target + "/" + result.check());
                if (issue != null) {
                    alerts.resolveMatching(Alert.DECISION, Map.of("target", target, "issue", issue.name().toLowerCase()));
                }
            }
        }
    }

    private static String evidence(CheckResult result) {
        String json = new JsonObject(result.evidence()).encode();
        return json.length() > 2000 ? json.substring(0, 2000) + "..." : json;
    }

    private static String action(Decision d) {
        String strategy = d.strategy().name().toLowerCase();
        return switch (d.mode()) {
            case AUTO -> strategy + " decided";
            case APPROVE -> strategy + " pending approval (POST /api/rollbacks/{id}/approve)";
            case DRY_RUN -> "dry run: " + strategy + " recorded, nothing changed";
            case FREEZE -> "frozen: nothing will be rolled back, a human decides";
        };
    }

    private void decided(Decision decision) {
        alerts.fire(Alert.decision(decision.target(), decision.issue(), decision.severity(),
                decision.reasoning().get(decision.reasoning().size() - 1), action(decision)));
        log.warn("Decision {} for {}: {} ({} mode, budget {} s): {}", decision.id(), decision.target(),
                decision.strategy(), decision.mode(), decision.timeBudget().toSeconds(), decision.reasoning().get(0));
        decisions.insert(decision)
                .onSuccess(v -> metrics.decided(decision))
                .compose(v -> rollbacks.submit(decision))
                .onFailure(e -> log.error("Decision {} for {} could not be stored or handed over: {}", decision.id(),
                        decision.target(), e.getMessage()));
    }
}
