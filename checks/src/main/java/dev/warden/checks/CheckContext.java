package dev.warden.checks;

import dev.warden.checks.activity.ActivitySource;
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
 * @param activity where the sessions and locks of the target's database come from: a reading shared
 *                 with the other targets on its server, or one of its own
 */
public record CheckContext(String target, Pool pool, Vertx vertx, Clock clock, Baseline baseline,
                           ActivitySource activity) {
    public CheckContext {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(activity, "activity");
    }

    /** A context whose checks read the database's activity themselves. */
    public CheckContext(String target, Pool pool, Vertx vertx, Clock clock, Baseline baseline) {
        this(target, pool, vertx, clock, baseline, ActivitySource.direct());
    }

    /** A context with the system clock and no baseline. */
    public static CheckContext of(String target, Pool pool, Vertx vertx) {
        return new CheckContext(target, pool, vertx, Clock.systemUTC(), Baseline.none());
    }

    public CheckContext withBaseline(Baseline other) {
        return new CheckContext(target, pool, vertx, clock, other, activity);
    }

    public Instant now() {
        return clock.instant();
    }
}
