package dev.warden.daemon.snapshot;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Why a snapshot was taken; written in lower case in the API, CLI and state store. */
public enum SnapshotReason {
    SCHEDULED,
    PRE_MIGRATION,
    MANUAL,
    PRE_ROLLBACK,
    /** Taken by {@code warden migrate} after a migration succeeded: the new baseline. */
    POST_MIGRATION;

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<SnapshotReason> parse(String text) {
        return Arrays.stream(values()).filter(r -> r.label().equals(text) || r.name().equalsIgnoreCase(text)).findFirst();
    }
}
