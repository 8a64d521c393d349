package dev.warden.checks.rows;

/** What Warden could say about one table's row count in this cycle. */
public enum CountStatus {
    /** Critical table counted exactly with {@code count(*)}. */
    COUNTED,
    /** Not critical: only the statistics estimate was read. */
    ESTIMATED_ONLY,
    /** Critical, but an AccessExclusiveLock was granted or waited for on it: not touched. */
    SKIPPED_LOCKED,
    /** Critical, but {@code count(*)} ran past its timeout and was cancelled. */
    TIMED_OUT,
    /** Critical, but no such table exists. */
    MISSING
}
