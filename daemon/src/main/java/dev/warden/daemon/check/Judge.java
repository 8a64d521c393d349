package dev.warden.daemon.check;

import dev.warden.checks.CheckResult;
import dev.warden.rollback.decision.Decision;
import dev.warden.rollback.decision.DecisionEngine;
import dev.warden.rollback.decision.RollbackPort;
import io.vertx.core.Future;
import java.time.Duration;
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

    public Judge(DecisionEngine engine, DecisionStore decisions, CheckMetrics metrics, RollbackPort rollbacks) {
        this.engine = engine;
        this.decisions = decisions;
        this.metrics = metrics;
        this.rollbacks = rollbacks;
    }

    /** Loads earlier decisions so that their cooldowns survive a restart. */
    public Future<Void> load() {
        return decisions.recent(1000).onSuccess(earlier -> earlier.forEach(engine::remember)).mapEmpty();
    }

    @Override
    public void accept(String target, CheckResult result, Duration took) {
        metrics.record(target, result, took);
        switch (result.status()) {
            case BREACH -> log.warn("{} on {}: {} {} breach: {}", result.check(), target, result.severity(), result.issue(),
                    result.summary());
            case INCONCLUSIVE -> log.warn("{} on {} could not tell: {}", result.check(), target, result.summary());
            default -> log.debug("{} on {}: {}", result.check(), target, result.summary());
        }
        engine.observe(target, result).ifPresent(this::decided);
    }

    private void decided(Decision decision) {
        log.warn("Decision {} for {}: {} ({} mode, budget {} s): {}", decision.id(), decision.target(),
                decision.strategy(), decision.mode(), decision.timeBudget().toSeconds(), decision.reasoning().get(0));
        decisions.insert(decision)
                .onSuccess(v -> metrics.decided(decision))
                .compose(v -> rollbacks.submit(decision))
                .onFailure(e -> log.error("Decision {} for {} could not be stored or handed over: {}", decision.id(),
                        decision.target(), e.getMessage()));
    }
}
