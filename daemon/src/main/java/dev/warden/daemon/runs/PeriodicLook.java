package dev.warden.daemon.runs;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A look at a run's sessions every interval, one at a time: when a look is still under way at the
 * next turn, that turn is passed over, so a slow server is not piled on. What migrate's lock watch
 * and a drill's statement locks share; what they look for is their own.
 */
public final class PeriodicLook {
    private final Vertx vertx;
    private final Duration every;
    private final Supplier<Future<?>> look;
    private final AtomicBoolean looking = new AtomicBoolean();
    private long timer = -1;

    public PeriodicLook(Vertx vertx, Duration every, Supplier<Future<?>> look) {
        this.vertx = vertx;
        this.every = every;
        this.look = look;
    }

    public void start() {
        timer = vertx.setPeriodic(every.toMillis(), id -> once());
    }

    /** Stops looking; a look under way finishes on its own. */
    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void once() {
        if (!looking.compareAndSet(false, true)) {
            return;
        }
        Future<?> done;
        try {
            done = look.get();
        } catch (RuntimeException e) {
            done = Future.failedFuture(e);
        }
        done.onComplete(v -> looking.set(false));
    }
}
