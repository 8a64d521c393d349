package dev.warden.daemon.drill;

import dev.warden.daemon.metrics.WardenMetrics;
import io.prometheus.metrics.core.metrics.Gauge;

/** The last drill of each target: each strategy's rollback time, when it ended, whether it passed. */
public final class DrillMetrics {
    private final Gauge seconds;
    private final Gauge lastAt;
    private final Gauge lastPassed;

    public DrillMetrics(WardenMetrics metrics) {
        seconds = Gauge.builder().withoutExemplars().name("warden_drill_seconds")
                .help("The last warden drill's rollback of the scratch copy by this strategy, start to verified.")
                .labelNames("target", "strategy").register(metrics.registry());
        lastAt = Gauge.builder().withoutExemplars().name("warden_drill_last_timestamp_seconds")
                .help("When the target's last warden drill ended (Unix time).").labelNames("target")
                .register(metrics.registry());
        lastPassed = Gauge.builder().withoutExemplars().name("warden_drill_last_passed")
                .help("1 when the target's last warden drill verified every rollback within its budget, else 0.")
                .labelNames("target").register(metrics.registry());
    }

    void rollback(String target, String strategy, double secondsTaken) {
        seconds.labelValues(target, strategy).set(secondsTaken);
    }

    void ended(String target, boolean passed, double at) {
        lastAt.labelValues(target).set(at);
        lastPassed.labelValues(target).set(passed ? 1 : 0);
    }
}
