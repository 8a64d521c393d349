package dev.warden.daemon.cluster;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Notices that this process was frozen (SIGSTOP, a long GC pause, a suspended VM): a periodic tick that
 * finds more time than a heartbeat timeout gone since the last one. The other nodes have dropped this one
 * by then and watch its targets, while Hazelcast here, which forgives its own pauses, believes for one
 * more timeout that nothing happened; this node should step back at once rather than watch its targets
 * twice.
 */
final class HangWatch {
    private static final long TICK_MILLIS = 250;

    private HangWatch() {
    }

    /** Calls {@code hung} with the length of each freeze longer than {@code threshold}; returns the timer's id. */
    static long start(Vertx vertx, Duration threshold, Consumer<Duration> hung) {
        long[] last = {System.nanoTime()};
        return vertx.setPeriodic(TICK_MILLIS, id -> {
            long now = System.nanoTime();
            Duration gap = Duration.ofNanos(now - last[0]);
            last[0] = now;
            if (gap.compareTo(threshold) > 0) {
                hung.accept(gap);
            }
        });
    }
}
