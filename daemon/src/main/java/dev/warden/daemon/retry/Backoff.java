package dev.warden.daemon.retry;

import java.time.Duration;

/** Capped exponential backoff: initial, 2x, 4x, ... up to max; reset on success. */
public final class Backoff {
    private final Duration initial;
    private final Duration max;
    private int failures;

    public Backoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
    }

    /** The wait before the next attempt, counting this failure. */
    public Duration next() {
        Duration wait = initial.multipliedBy(1L << Math.min(failures, 30));
        failures++;
        return wait.compareTo(max) > 0 ? max : wait;
    }

    public void reset() {
        failures = 0;
    }
}
