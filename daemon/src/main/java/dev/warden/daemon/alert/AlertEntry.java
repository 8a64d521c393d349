package dev.warden.daemon.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * An alert as Warden tracks it: firing since {@code startsAt}, or resolved at {@code resolvedAt}.
 * {@code version} grows with each state change (fire, refresh with new annotations, resolve), so a
 * delivery can tell whether it carried the latest state.
 */
public record AlertEntry(Alert alert, AlertStatus status, Instant startsAt, Optional<Instant> resolvedAt, long version) {

    static AlertEntry firing(Alert alert, Instant now) {
        return new AlertEntry(alert, AlertStatus.FIRING, now, Optional.empty(), 1);
    }

    public String key() {
        return alert.key();
    }

    public boolean firing() {
        return status == AlertStatus.FIRING;
    }

    /**
     * The {@code endsAt} to send: a firing alert stays active for {@code expiry} after this send unless
     * re-sent; a resolved one ended when it was resolved.
     */
    public Instant endsAt(Instant now, Duration expiry) {
        return resolvedAt.orElse(now.plus(expiry));
    }

    /** Fired again: a firing alert keeps its start and changes only if its annotations did; a resolved one starts anew. */
    AlertEntry fired(Alert latest, Instant now) {
        if (!firing()) {
            return new AlertEntry(latest, AlertStatus.FIRING, now, Optional.empty(), version + 1);
        }
        return latest.equals(alert) ? this : new AlertEntry(latest, status, startsAt, resolvedAt, version + 1);
    }

    /**
     * The firing state a resolved alert had just before it was resolved: the same start and annotations,
     * the version before; a firing alert is itself.
     */
    AlertEntry beforeResolved() {
        return firing() ? this : new AlertEntry(alert, AlertStatus.FIRING, startsAt, Optional.empty(), version - 1);
    }

    AlertEntry resolved(Instant now) {
        return firing() ? new AlertEntry(alert, AlertStatus.RESOLVED, startsAt, Optional.of(now), version + 1) : this;
    }
}
