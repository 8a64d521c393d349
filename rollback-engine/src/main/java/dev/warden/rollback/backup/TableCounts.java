package dev.warden.rollback.backup;

import java.util.Map;

/**
 * Exact row counts of some tables of one database.
 *
 * @param rows       count per {@code schema.table}
 * @param skipped    tables that were not counted, with why (missing, locked, timed out)
 * @param userTables how many ordinary and partitioned tables the database has outside system schemas
 */
public record TableCounts(Map<String, Long> rows, Map<String, String> skipped, long userTables) {
}
