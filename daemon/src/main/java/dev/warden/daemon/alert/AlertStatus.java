package dev.warden.daemon.alert;

import java.util.Locale;

/** Where an alert is in its life: firing until resolved; a resolved alert is re-sent a while, then forgotten. */
public enum AlertStatus {
    FIRING,
    RESOLVED;

    /** The name in the outbox, payloads and metric labels: {@code firing}, {@code resolved}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static AlertStatus of(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
