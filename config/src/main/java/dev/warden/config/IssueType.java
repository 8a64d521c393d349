package dev.warden.config;

/** What kind of trouble a check found; the decision matrix's rows are keyed by it. */
public enum IssueType {
    QUERY_ERRORS,
    SCHEMA_MISMATCH,
    PERFORMANCE_DEGRADATION,
    DATA_CORRUPTION,
    PARTIAL_FEATURE_FAILURE,
    /**
     * An additive, backward-compatible schema change that no migration explains (schema_drift, low):
     * recorded and alerted, never rolled back, so the default matrix has no row for it.
     */
    SCHEMA_CHANGE
}
