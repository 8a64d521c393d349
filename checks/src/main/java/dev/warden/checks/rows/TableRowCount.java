package dev.warden.checks.rows;

/**
 * One table's counts. {@code inserted}/{@code updated}/{@code deleted} are cumulative since the
 * statistics were last reset: a mass delete shows as a jump between two cycles. {@code exactRows}
 * is set only when {@code status} is {@link CountStatus#COUNTED}; {@code detail} says why a critical
 * table was not counted.
 */
public record TableRowCount(
        String schemaname,
        String relname,
        long estimatedRows,
        EstimateSource estimateSource,
        long liveTuples,
        long inserted,
        long updated,
        long deleted,
        Long exactRows,
        CountStatus status,
        String detail) {

    public String qualifiedName() {
        return schemaname + "." + relname;
    }

    TableRowCount with(CountStatus newStatus, Long exact, String newDetail) {
        return new TableRowCount(schemaname, relname, estimatedRows, estimateSource, liveTuples, inserted, updated,
                deleted, exact, newStatus, newDetail);
    }

    /** A critical table that does not exist; the name is split at its first dot. */
    static TableRowCount missing(String qualifiedName) {
        int dot = qualifiedName.indexOf('.');
        String schema = dot < 0 ? "public" : qualifiedName.substring(0, dot);
        String table = dot < 0 ? qualifiedName : qualifiedName.substring(dot + 1);
        return new TableRowCount(schema, table, 0, EstimateSource.NONE, 0, 0, 0, 0, null, CountStatus.MISSING,
                "no table " + qualifiedName);
    }
}
