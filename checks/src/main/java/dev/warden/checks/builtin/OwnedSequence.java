package dev.warden.checks.builtin;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * A sequence owned by an integer column (serial: pg_depend 'a'; identity: 'i'), as the catalog
 * describes it, with what reading it would take. {@code probe} reads the sequence's last value and
 * the column's maximum (minimum for a descending sequence); {@code repair} is the setval that puts
 * it right. {@code indexed}: a valid btree index leads with the column, so the maximum is one index
 * lookup, not a table scan. {@code lockedBy}: AccessExclusiveLocks on the sequence, the table, its
 * indexes or partitions, held or awaited.
 */
record OwnedSequence(long oid, String sequence, String table, String column, long increment, long start,
                     boolean readable, boolean indexed, String lockedBy, String probe, String repair) {

    private static final String SQL = ValidationScope.WITH + """
            , owned AS (
                SELECT d.objid AS seq, d.refobjid AS tbl, d.refobjsubid AS attnum FROM pg_catalog.pg_depend d
                 WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.refclassid = 'pg_catalog.pg_class'::regclass
                   AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i')
            )
            SELECT sq.oid::bigint AS oid, format('%I.%I', sn.nspname, sq.relname) AS sequence_name,
                   format('%I.%I', s.nspname, t.relname) AS table_name, a.attname::text AS column_name,
                   p.seqincrement AS increment, p.seqstart AS start,
                   has_sequence_privilege(sq.oid, 'SELECT,USAGE') AND has_column_privilege(t.oid, a.attnum, 'SELECT')
                       AS readable,
                   EXISTS (SELECT 1 FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
                            WHERE i.indrelid = t.oid AND i.indisvalid AND i.indkey[0] = a.attnum AND i.indpred IS NULL
                              AND ic.relam = (SELECT oid FROM pg_catalog.pg_am WHERE amname = 'btree')) AS indexed,
                   k.locked_by,
                   format('SELECT pg_catalog.pg_sequence_last_value(%s::oid) AS last_value,'
                          || ' (SELECT %s(%I) FROM %I.%I)::bigint AS column_value',
                          sq.oid, dir.agg, a.attname, s.nspname, t.relname) AS probe,
                   format('SELECT setval(%L, (SELECT %s(%I) FROM %I.%I))', format('%I.%I', sn.nspname, sq.relname),
                          dir.agg, a.attname, s.nspname, t.relname) AS repair
              FROM owned o
              JOIN pg_catalog.pg_class sq ON sq.oid = o.seq AND sq.relkind = 'S' AND sq.relpersistence <> 't'
              JOIN pg_catalog.pg_namespace sn ON sn.oid = sq.relnamespace
              JOIN pg_catalog.pg_sequence p ON p.seqrelid = sq.oid
              JOIN pg_catalog.pg_class t ON t.oid = o.tbl AND t.relkind IN ('r', 'p')
              JOIN scope s ON s.oid = t.relnamespace
              JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum = o.attnum AND NOT a.attisdropped
                   AND a.atttypid IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype)
              CROSS JOIN LATERAL (SELECT CASE WHEN p.seqincrement > 0 THEN 'max' ELSE 'min' END AS agg) dir
              CROSS JOIN LATERAL (SELECT string_agg(x.holders, ', ') AS locked_by FROM exclusive x
                                   WHERE x.oid IN (sq.oid, t.oid)
                                      OR x.oid IN (SELECT h.inhrelid FROM pg_catalog.pg_inherits h WHERE h.inhparent = t.oid)
                                      OR x.oid IN (SELECT i.indexrelid FROM pg_catalog.pg_index i WHERE i.indrelid = t.oid)) k
             ORDER BY sq.oid
             LIMIT 10000
            """;

    static Future<List<OwnedSequence>> list(SqlClient client, Tuple schemas) {
        return client.preparedQuery(SQL).execute(schemas).map(rows -> {
            List<OwnedSequence> sequences = new ArrayList<>();
            for (Row row : rows) {
                sequences.add(new OwnedSequence(row.getLong("oid"), row.getString("sequence_name"),
                        row.getString("table_name"), row.getString("column_name"), row.getLong("increment"),
                        row.getLong("start"), row.getBoolean("readable"), row.getBoolean("indexed"),
                        row.getString("locked_by"), row.getString("probe"), row.getString("repair")));
            }
            return sequences;
        });
    }

    /** Why this sequence is not read at all, or null when it can be. */
    String whyNotRead() {
        if (lockedBy != null) {
            return lockedBy;
        }
        if (!readable) {
            return "Warden may not read the sequence or the column (SELECT, USAGE)";
        }
        if (!indexed) {
            return "no valid btree index leads with " + column + ": its maximum would scan the table";
        }
        return null;
    }

    /** The value nextval would return after {@code lastValue} (null: never called, so the start). */
    long nextValue(Long lastValue) {
        return lastValue == null ? start : lastValue + increment;
    }

    /** Whether nextval would return a value the column already holds at its end. */
    boolean collides(long next, long columnValue) {
        return increment > 0 ? next <= columnValue : next >= columnValue;
    }

    String object() {
        return sequence + " (" + table + "." + column + ")";
    }
}
