package dev.warden.checks;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * Everything a check may use on one run.
 *
 * @param target   the target's name
 * @param pool     the target's pool (Warden's session settings: at most 2 connections, lock_timeout set)
 * @param vertx    for timers and HTTP clients
 * @param clock    the time source; tests pass a fixed or offset clock
 * @param baseline what the daemon knew before this run
 */
public record CheckContext(String target, Pool pool, Vertx vertx, Clock clock, Baseline baseline) {
    public CheckContext {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(baseline, "baseline");
    }

    /** A context with the system clock and no baseline. */
    public static CheckContext of(String target, Pool pool, Vertx vertx) {
        return new CheckContext(target, pool, vertx, Clock.systemUTC(), Baseline.none());
    }

    public CheckContext withBaseline(Baseline other) {
        return new CheckContext(target, pool, vertx, clock, other);
    }

    public Instant now() {
        return clock.instant();
    }
}
