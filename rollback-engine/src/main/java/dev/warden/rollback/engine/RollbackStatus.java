package dev.warden.rollback.engine;

import java.util.Locale;

/** Where a rollback stands, as the journal records it ({@code warden.rollbacks.status}). */
public enum RollbackStatus {
    /** Planned and journaled, nothing run yet (waiting for approval, or a dry run). */
    PLANNED,
    /** Steps are being run; found at start-up, it means a Warden stopped in the middle. */
    RUNNING,
    SUCCEEDED,
    /** Stopped before any destructive step had changed anything. */
    FAILED,
    /** Stopped after at least one destructive step had changed something: a human should look. */
    PARTIAL,
    /** Could not tell whether an interrupted step's effect is in place; nothing more was done. */
    NEEDS_ATTENTION;

    /** The journal's spelling: {@code needs_attention}. */
    public String journalName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RollbackStatus fromJournal(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    public boolean ended() {
        return this == SUCCEEDED || this == FAILED || this == PARTIAL || this == NEEDS_ATTENTION;
    }
}
