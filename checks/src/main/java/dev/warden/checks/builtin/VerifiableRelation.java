package dev.warden.checks.builtin;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * A relation amcheck can verify: a valid btree index, or (with verify_heapam) a table or populated
 * materialized view, of the user's schemas. Read a page at a time in oid order (keyset pagination), so
 * that a database of tens of thousands of relations is never loaded, decoded or held at once.
 * {@code locked} says an AccessExclusiveLock is granted or awaited on it, its table or its TOAST table:
 * verifying it would queue behind a migration, so it is skipped.
 */
record VerifiableRelation(long oid, String name, Kind kind, boolean primaryKey, boolean locked) {
    enum Kind { INDEX, TABLE }

    private static final String VERIFIABLE = """
              FROM pg_catalog.pg_class c
              JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
              LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = c.oid
              LEFT JOIN pg_catalog.pg_class t ON t.oid = i.indrelid
             WHERE left(n.nspname, 3) <> 'pg_' AND n.nspname NOT IN ('information_schema', 'warden')
               AND c.relpersistence <> 't'
               AND ((c.relkind = 'i' AND c.relam = (SELECT oid FROM pg_catalog.pg_am WHERE amname = 'btree')
                     AND i.indisvalid AND i.indisready)
                    OR ($1 AND c.relkind IN ('r', 'm') AND c.relispopulated))
            """;

    private static final String PAGE = """
            WITH locked AS (
                SELECT DISTINCT relation AS oid FROM pg_catalog.pg_locks
                 WHERE locktype = 'relation' AND mode = 'AccessExclusiveLock'
                   AND database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())
            )
            SELECT c.oid::bigint AS oid, n.nspname || '.' || c.relname AS name, c.relkind = 'i' AS is_index,
                   coalesce(i.indisprimary, false) AS primary_key,
                   EXISTS (SELECT 1 FROM locked l
                            WHERE l.oid IN (c.oid, i.indrelid, c.reltoastrelid, t.reltoastrelid)) AS locked
            """ + VERIFIABLE + """
               AND c.oid > $2::bigint::oid
             ORDER BY c.oid
             LIMIT $3
            """;

    private static final String COUNT = "SELECT count(*) AS relations" + VERIFIABLE;

    /** At most {@code size} relations with an oid above {@code after}, in oid order. */
    static Future<List<VerifiableRelation>> page(SqlClient client, boolean withTables, long after, int size) {
        return client.preparedQuery(PAGE).execute(Tuple.of(withTables, after, size)).map(rows -> {
            List<VerifiableRelation> relations = new ArrayList<>(rows.size());
            for (Row row : rows) {
                relations.add(new VerifiableRelation(row.getLong("oid"), row.getString("name"),
                        row.getBoolean("is_index") ? Kind.INDEX : Kind.TABLE, row.getBoolean("primary_key"),
                        row.getBoolean("locked")));
            }
            return relations;
        });
    }

    /** How many relations there are to verify now: the size of a full pass. */
    static Future<Long> count(SqlClient client, boolean withTables) {
        return client.preparedQuery(COUNT).execute(Tuple.of(withTables))
                .map(rows -> rows.iterator().next().getLong("relations"));
    }
}
