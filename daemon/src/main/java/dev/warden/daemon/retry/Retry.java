package dev.warden.daemon.retry;

import dev.warden.ErrorCode;
import dev.warden.WardenException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tries an operation until it succeeds, with a capped exponential backoff between attempts: for a
 * dependency that may come back (a server restarting, a network that heals), where giving up would turn
 * a short outage into a stopped Warden. Each failed attempt is logged once at WARN, with its number and
 * its error in one line (never a stack trace); {@link #waiting()} says the same to whoever asks. Only a
 * failure that waiting cannot cure ({@code fatal}) ends the retries.
 */
public final class Retry<T> {
    private static final Logger log = LoggerFactory.getLogger(Retry.class);

    private final Vertx vertx;
    private final String what;
    private final Backoff backoff;
    private final Clock clock;
    private final Supplier<Future<T>> operation;
    private final Predicate<Throwable> fatal;
    private final Function<Throwable, String> describe;
    private final Promise<T> result = Promise.promise();
    private final AtomicReference<Waiting> waiting = new AtomicReference<>();
    private volatile boolean cancelled;
    private volatile long timer = -1;
    private int failures;

    private Retry(Vertx vertx, String what, Backoff backoff, Clock clock, Supplier<Future<T>> operation,
                  Predicate<Throwable> fatal, Function<Throwable, String> describe) {
        this.vertx = vertx;
        this.what = what;
        this.backoff = backoff;
        this.clock = clock;
        this.operation = operation;
        this.fatal = fatal;
        this.describe = describe;
    }

    /**
     * Starts the first attempt now.
     *
     * @param what     the dependency and where it is, for the log and {@link #waiting()}; never a password
     * @param describe one line per failure, without credentials
     */
    public static <T> Retry<T> until(Vertx vertx, String what, Backoff backoff, Clock clock, Supplier<Future<T>> operation,
                                     Predicate<Throwable> fatal, Function<Throwable, String> describe) {
        Retry<T> retry = new Retry<>(vertx, what, backoff, clock, operation, fatal, describe);
        retry.attempt();
        return retry;
    }

    /** Completes with the first success; fails on a fatal failure or when {@link #cancel}led. */
    public Future<T> result() {
        return result.future();
    }

    /** What the retries wait for, while the last attempt failed and the next one is due. */
    public Optional<Waiting> waiting() {
        return Optional.ofNullable(waiting.get());
    }

    /** Stops retrying (Warden is stopping); the result fails unless it already completed. */
    public void cancel() {
        cancelled = true;
        long pending = timer;
        if (pending >= 0) {
            vertx.cancelTimer(pending);
        }
        stopped();
    }

    private void attempt() {
        Future<T> attempted;
        try {
            attempted = operation.get();
        } catch (RuntimeException e) {
            attempted = Future.failedFuture(e);
        }
        attempted.onComplete(done -> {
            if (cancelled) {
                stopped();
            } else if (done.succeeded()) {
                waiting.set(null);
                if (failures > 0) {
                    log.info("{} answered at attempt {}", what, failures + 1);
                }
                result.tryComplete(done.result());
            } else if (fatal.test(done.cause())) {
                waiting.set(null);
                result.tryFail(done.cause());
            } else {
                failed(done.cause());
            }
        });
    }

    private void failed(Throwable failure) {
        failures++;
        Duration wait = backoff.next();
        Instant at = clock.instant();
        Waiting now = new Waiting(what, describe.apply(failure), failures, at.plus(wait));
        waiting.set(now);
        log.warn("Waiting for {}", now.describe(at));
        timer = vertx.setTimer(Math.max(1, wait.toMillis()), id -> {
            timer = -1;
            attempt();
        });
    }

    private void stopped() {
        waiting.set(null);
        result.tryFail(new WardenException(ErrorCode.UNAVAILABLE, "stopped while waiting for " + what));
    }
}
