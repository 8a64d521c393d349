package dev.warden.rollback.engine;

import java.util.Locale;

/** What the journal records about a step: before it runs, and how it ended ({@code warden.rollback_steps.event}). */
public enum StepEvent {
    STARTED,
    SUCCEEDED,
    FAILED,
    /** Its {@link Step#done} said the effect was already in place, so it was not run (again). */
    SKIPPED_ALREADY_DONE;

    public String journalName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static StepEvent fromJournal(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** Whether the step's effect is known to be in place after this event. */
    public boolean completes() {
        return this == SUCCEEDED || this == SKIPPED_ALREADY_DONE;
    }
}
