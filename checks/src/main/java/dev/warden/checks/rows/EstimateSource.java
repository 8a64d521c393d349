package dev.warden.checks.rows;

/** Where {@link TableRowCount#estimatedRows()} comes from. */
public enum EstimateSource {
    /** {@code pg_class.reltuples}, as of the last ANALYZE or VACUUM. */
    RELTUPLES,
    /** The cumulative statistics' live-tuple counter: the table was never analysed (reltuples = -1). */
    LIVE_TUPLES,
    /** No table, no estimate. */
    NONE
}
