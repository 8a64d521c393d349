package dev.warden.checks;

import java.time.Duration;
import java.util.Objects;

/**
 * A configured check with how often it runs and how long one run may take: that timeout, from the
 * check's schedule in the configuration, is the only time limit of a run (pass it to {@link CheckRunner}).
 */
public record ScheduledCheck(Check check, Duration interval, Duration timeout) {
    public ScheduledCheck {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
    }
}
