package dev.warden.daemon.migrate;

import dev.warden.daemon.metrics.WardenMetrics;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import java.time.Duration;

/** Migrations by verdict, the one running now, and how long they took from open to verdict. */
public final class MigrationMetrics {
    private final Counter migrations;
    private final Gauge running;
    private final Counter cancels;
    private final Histogram duration;

    public MigrationMetrics(WardenMetrics metrics) {
        migrations = Counter.builder().withoutExemplars().name("warden_migrations_total")
                .help("warden migrate runs that ended, by verdict (succeeded, failed).")
                .labelNames("target", "verdict").register(metrics.registry());
        running = Gauge.builder().withoutExemplars().name("warden_migrations_open")
                .help("1 while a warden migrate run is open on the target.").labelNames("target").register(metrics.registry());
        cancels = Counter.builder().withoutExemplars().name("warden_migrations_cancelled_total")
                .help("Statements of warden migrate runs cancelled because others waited behind their locks beyond"
                        + " --max-lock-wait.").labelNames("target").register(metrics.registry());
        duration = Histogram.builder().withoutExemplars().name("warden_migrations_duration_seconds")
                .help("warden migrate runs from open to verdict.").labelNames("target")
                .classicOnly().classicUpperBounds(1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600).register(metrics.registry());
    }

    /** Starts the target's series at 0, so the first run is an increase. */
    void watch(String target) {
        for (Verdict verdict : new Verdict[] {Verdict.SUCCEEDED, Verdict.FAILED}) {
            migrations.labelValues(target, verdict.label());
        }
        running.labelValues(target).set(0);
        cancels.labelValues(target);
    }

    void opened(String target) {
        running.labelValues(target).set(1);
    }

    void cancelled(String target) {
        cancels.labelValues(target).inc();
    }

    void ended(String target, Verdict verdict, Duration took) {
        running.labelValues(target).set(0);
        migrations.labelValues(target, verdict.label()).inc();
        duration.labelValues(target).observe(took.toMillis() / 1000.0);
    }
}
