package dev.warden.daemon.migrate;

import java.util.Locale;

/** Where a migration stands; the lower-case name is the word used everywhere (API, CLI, metric label, log). */
public enum Verdict {
    RUNNING,
    SUCCEEDED,
    FAILED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
