package dev.warden.checks.activity;

import java.time.Instant;

/** The server's timestamps as microseconds since the epoch, as a reading carries them. */
final class Micros {
    private Micros() {
    }

    static Instant instant(Long micros) {
        return micros == null ? null : Instant.EPOCH.plusNanos(micros * 1000);
    }

    /** Seconds from {@code since} to {@code until}, or null when {@code since} is unknown. */
    static Double seconds(Long since, long until) {
        return since == null ? null : (until - since) / 1_000_000.0;
    }
}
