package dev.warden.config;

/** What kind of trouble a check found; the decision matrix's rows are keyed by it. */
public enum IssueType {
    QUERY_ERRORS,
    SCHEMA_MISMATCH,
    PERFORMANCE_DEGRADATION,
    DATA_CORRUPTION,
    PARTIAL_FEATURE_FAILURE
}
