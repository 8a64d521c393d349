package dev.warden.checks;

import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The longest time a periodic timer on an event loop fired late: how long that loop was busy with
 * something else at a stretch. With one event loop ({@link BlockedThreadWarnings#strictOptions()}) that
 * is every handler's work, to within the timer's period.
 */
public final class EventLoopLag implements AutoCloseable {
    private static final long PERIOD_MILLIS = 5;

    private final Vertx vertx;
    private final AtomicLong longestNanos = new AtomicLong();
    private final long timer;
    private long expected = System.nanoTime() + PERIOD_MILLIS * 1_000_000;

    private EventLoopLag(Vertx vertx) {
        this.vertx = vertx;
        this.timer = vertx.setPeriodic(PERIOD_MILLIS, id -> {
            long now = System.nanoTime();
            longestNanos.accumulateAndGet(now - expected, Math::max);
            expected = now + PERIOD_MILLIS * 1_000_000;
        });
    }

    public static EventLoopLag measure(Vertx vertx) {
        return new EventLoopLag(vertx);
    }

    public long longestMillis() {
        return longestNanos.get() / 1_000_000;
    }

    @Override
    public void close() {
        vertx.cancelTimer(timer);
    }
}
