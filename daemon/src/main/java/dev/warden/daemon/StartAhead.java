package dev.warden.daemon;

import dev.warden.daemon.metrics.WardenMetrics;
import dev.warden.daemon.schedule.WardenScheduler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The parts of a start that need no configuration, built on a second thread while the main thread
 * reads the configuration and wires the rest: the metrics registry with the runtime metrics, and the
 * Quartz scheduler (each about a tenth of a second of a cold start, issue 14's "ready in under a
 * second"). The scheduler is created here, never started: {@link Warden#launch} starts it.
 */
public final class StartAhead {
    private final CompletableFuture<WardenMetrics> metrics = new CompletableFuture<>();
    private final CompletableFuture<WardenScheduler> scheduler = new CompletableFuture<>();
    private volatile boolean schedulerTaken;

    private StartAhead() {
    }

    /** Starts building; call it as early as possible. */
    public static StartAhead begin() {
        StartAhead ahead = new StartAhead();
        Thread thread = new Thread(ahead::build, "warden-start-ahead");
        thread.setDaemon(true);
        thread.start();
        return ahead;
    }

    private void build() {
        complete(metrics, () -> new WardenMetrics(Version.current()).withRuntimeMetrics());
        complete(scheduler, WardenScheduler::new);
    }

    private static <T> void complete(CompletableFuture<T> part, java.util.function.Supplier<T> build) {
        try {
            part.complete(build.get());
        } catch (RuntimeException | Error e) {
            part.completeExceptionally(e);
        }
    }

    WardenMetrics metrics() {
        return join(metrics);
    }

    /** The scheduler, now the caller's to start and to shut down. */
    WardenScheduler scheduler() {
        schedulerTaken = true;
        return join(scheduler);
    }

    /** A start given up before it took the scheduler: Quartz's threads are ended. */
    public void discard() {
        if (!schedulerTaken) {
            scheduler.thenAccept(WardenScheduler::shutdown);
        }
    }

    private static <T> T join(CompletableFuture<T> part) {
        try {
            return part.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
