package dev.warden.checks.builtin;

import java.util.Map;

/** How verifying one relation went. */
record Verification(VerifiableRelation relation, Outcome outcome, String detail, long millis) {
    enum Outcome {
        /** amcheck found nothing wrong. */
        VERIFIED,
        /** amcheck (or reading a page) reported corruption. */
        CORRUPT,
        /** An AccessExclusiveLock was granted or awaited, or appeared during the check (55P03). */
        SKIPPED_LOCKED,
        /** Cancelled by the statement timeout (57014); the next rotation tries again. */
        TIMED_OUT,
        /** Could not be verified for another reason (dropped meanwhile, permission denied, ...). */
        NOT_VERIFIED
    }

    /** Not verified: a migration holds or awaits an AccessExclusiveLock on it, and a check must not queue behind it. */
    static Verification skippedLocked(VerifiableRelation relation) {
        return new Verification(relation, Outcome.SKIPPED_LOCKED, "an AccessExclusiveLock is granted or awaited on it", 0);
    }

    Map<String, Object> toEvidence() {
        return Evidence.of("relation", relation.name(), "kind", relation.kind().name().toLowerCase(),
                "outcome", outcome.name(), "detail", detail, "ms", millis);
    }
}
