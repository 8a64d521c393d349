package dev.warden.daemon.rollback;

import dev.warden.config.StrategyKind;
import dev.warden.daemon.metrics.WardenMetrics;
import dev.warden.rollback.decision.Decision;
import dev.warden.rollback.engine.JournaledRollback;
import dev.warden.rollback.engine.RollbackStatus;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import java.time.Duration;
import java.time.Instant;

/** Rollbacks by outcome, how long they took, and whether they met their decision's time budget. */
public final class RollbackMetrics {
    private final Counter rollbacks;
    private final Histogram duration;
    private final Gauge withinBudget;
    private final Gauge breachToEnd;
    private final Gauge budget;

    public RollbackMetrics(WardenMetrics metrics) {
        rollbacks = Counter.builder().withoutExemplars()
                .name("warden_rollbacks_total").help("Rollbacks that ended, by outcome.")
                .labelNames("target", "strategy", "outcome").register(metrics.registry());
        duration = Histogram.builder().withoutExemplars().name("warden_rollback_duration_seconds")
                .help("From a rollback's first journaled step to its last.").labelNames("target", "strategy")
                .classicOnly().classicUpperBounds(1, 5, 15, 30, 60, 120, 300, 600, 900, 1800, 3600)
                .register(metrics.registry());
        withinBudget = Gauge.builder().withoutExemplars().name("warden_rollback_within_budget")
                .help("1 when the last decided rollback was verified before its decision's deadline"
                        + " (first breach + time budget), 0 when it was not (late, or not verified at all).")
                .labelNames("target", "strategy").register(metrics.registry());
        breachToEnd = Gauge.builder().withoutExemplars().name("warden_rollback_breach_to_end_seconds")
                .help("For the last decided rollback: from its decision's first breach to the rollback's last step"
                        + " (its verification included).").labelNames("target", "strategy").register(metrics.registry());
        budget = Gauge.builder().withoutExemplars().name("warden_rollback_time_budget_seconds")
                .help("For the last decided rollback: the decision matrix's time budget, first breach to verified"
                        + " rollback.").labelNames("target", "strategy").register(metrics.registry());
    }

    /** Starts the target's rollback counters at 0, each strategy and ending, so the first one is an increase. */
    public void watch(String target) {
        for (StrategyKind strategy : StrategyKind.values()) {
            for (RollbackStatus status : RollbackStatus.values()) {
                if (status.ended()) {
                    rollbacks.labelValues(target, strategy.name().toLowerCase(), status.journalName());
                }
            }
        }
    }

    /** @param decision the decision behind it, or null for one started by hand */
    Void record(JournaledRollback rollback, Decision decision) {
        String target = rollback.target();
        String strategy = rollback.strategy().name().toLowerCase();
        rollbacks.labelValues(target, strategy, rollback.status().journalName()).inc();
        if (!rollback.entries().isEmpty()) {
            Instant first = rollback.entries().get(0).at();
            Instant last = rollback.entries().get(rollback.entries().size() - 1).at();
            duration.labelValues(target, strategy).observe(Duration.between(first, last).toMillis() / 1000.0);
            if (decision != null) {
                boolean met = rollback.status() == RollbackStatus.SUCCEEDED && !last.isAfter(decision.deadline());
                withinBudget.labelValues(target, strategy).set(met ? 1 : 0);
                breachToEnd.labelValues(target, strategy).set(Duration.between(decision.firstBreachAt(), last).toMillis() / 1000.0);
                budget.labelValues(target, strategy).set(decision.timeBudget().toSeconds());
            }
        }
        return null;
    }
}
