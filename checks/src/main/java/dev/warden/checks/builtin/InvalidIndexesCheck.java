package dev.warden.checks.builtin;

import dev.warden.checks.schema.SchemaFilter;
import dev.warden.config.IssueType;
import dev.warden.config.Severity;
import io.vertx.sqlclient.Row;

/**
 * {@code invalid_indexes}: indexes a failed {@code CREATE INDEX CONCURRENTLY} or {@code REINDEX
 * CONCURRENTLY} left INVALID ({@code pg_index.indisvalid} false): the planner never uses them, yet
 * writes keep maintaining them, and a unique one keeps rejecting duplicates. Catalog only. Not judged:
 * an index being dropped ({@code indislive} false), an index on a table where a CREATE INDEX or
 * REINDEX is running now (pg_stat_progress_create_index: it may be that build's own), and an index
 * whose table or itself a migration locks (skipped; its definition is not even deparsed, which would
 * take an AccessShareLock). A breach is SCHEMA_MISMATCH, MEDIUM: the repair (REINDEX CONCURRENTLY
 * or DROP INDEX CONCURRENTLY) is a human's, and the default matrix (schema_mismatch from high) does
 * not swap a database away for it.
 */
public final class InvalidIndexesCheck extends CatalogValidation {
    public static final String NAME = "invalid_indexes";

    private static final String SQL = ValidationScope.WITH + """
            , building AS (
                SELECT p.relid, p.index_relid FROM pg_catalog.pg_stat_progress_create_index p
                 WHERE p.datid = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())
            )
            SELECT format('%I.%I', s.nspname, ic.relname) AS object, format('%I.%I', s.nspname, t.relname) AS table_name,
                   ic.relkind = 'I' AS partitioned, i.indisunique AS is_unique, i.indisready AS ready, k.locked_by,
                   EXISTS (SELECT 1 FROM building b WHERE b.relid = i.indrelid OR b.index_relid = i.indexrelid) AS building,
                   CASE WHEN k.locked_by IS NULL THEN pg_catalog.pg_get_indexdef(i.indexrelid) END AS definition
              FROM pg_catalog.pg_index i
              JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
              JOIN scope s ON s.oid = ic.relnamespace
              JOIN pg_catalog.pg_class t ON t.oid = i.indrelid
              CROSS JOIN LATERAL (SELECT string_agg(x.holders, ', ') AS locked_by FROM exclusive x
                                   WHERE x.oid IN (i.indexrelid, i.indrelid)) k
             WHERE NOT i.indisvalid AND i.indislive AND ic.relpersistence <> 't'
             ORDER BY 1
             LIMIT 1000
            """;

    public InvalidIndexesCheck(SchemaFilter filter) {
        super(NAME, SQL, filter, IssueType.SCHEMA_MISMATCH, Severity.MEDIUM, "no INVALID index");
    }

    @Override
    String notJudged(Row row) {
        return row.getBoolean("building") ? "a CREATE INDEX or REINDEX is running on " + row.getString("table_name") : null;
    }

    @Override
    ValidationScope.Finding finding(Row row) {
        String index = row.getString("object");
        boolean unique = row.getBoolean("is_unique");
        boolean ready = row.getBoolean("ready");
        String repair = row.getBoolean("partitioned")
                ? "attach an index of every partition: ALTER INDEX " + index + " ATTACH PARTITION ..."
                : "REINDEX INDEX CONCURRENTLY " + index + (unique ? " (remove the duplicate keys first)" : "")
                + ", or DROP INDEX CONCURRENTLY " + index;
        String effect = !ready ? "never finished building and is not maintained"
                : unique ? "is not used by queries, yet still rejects duplicate keys on writes"
                : "is not used by queries, yet every write still maintains it";
        String summary = "index " + index + " on " + row.getString("table_name") + " is INVALID (left by a failed"
                + " concurrent build; it " + effect + "): " + repair;
        return new ValidationScope.Finding(summary, Evidence.of("index", index, "table", row.getString("table_name"),
                "unique", unique, "ready", ready, "definition", row.getString("definition"), "repair", repair));
    }
}
