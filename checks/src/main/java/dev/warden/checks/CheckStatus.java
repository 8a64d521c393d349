package dev.warden.checks;

/** What one run of a check concluded. */
public enum CheckStatus {
    /** Measured, and within every limit. */
    OK,
    /** Measured, and beyond a limit: the result says which issue and how severe. */
    BREACH,
    /** Could not measure (connection lost, timeout, lock, missing statistics or extension): never acted upon. */
    INCONCLUSIVE
}
