package dev.warden.daemon;

import dev.warden.daemon.metrics.WardenMetrics;
import dev.warden.daemon.schedule.WardenScheduler;
import io.vertx.core.Future;
import java.time.Duration;

/**
 * The parts of a start that need no configuration, built on threads of their own while the main
 * thread reads the configuration and wires the rest: the metrics registry with the runtime metrics,
 * and the Quartz scheduler (each about a tenth of a second of a cold start, issue 14's "ready in under
 * a second"). The scheduler is created here, never started: {@link Warden#launch} starts it.
 */
public final class StartAhead {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    private final Future<WardenMetrics> metrics;
    private final Future<WardenScheduler> scheduler;
    private volatile boolean schedulerTaken;

    private StartAhead() {
        metrics = OwnThread.supply("warden-metrics-ahead", () -> new WardenMetrics(Version.current()).withRuntimeMetrics());
        scheduler = OwnThread.supply("warden-quartz-ahead", WardenScheduler::new);
    }

    /** Starts building; call it as early as possible. */
    public static StartAhead begin() {
        return new StartAhead();
    }

    WardenMetrics metrics() {
        return Warden.await(metrics, LIMIT, "building the metrics registry");
    }

    /** The scheduler, now the caller's to start and to shut down. */
    WardenScheduler scheduler() {
        schedulerTaken = true;
        return Warden.await(scheduler, LIMIT, "creating the Quartz scheduler");
    }

    /** A start given up before it took the scheduler: Quartz's threads are ended, now or once it exists. */
    public void discard() {
        if (!schedulerTaken) {
            scheduler.onSuccess(WardenScheduler::shutdown);
        }
    }
}
