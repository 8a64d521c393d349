package dev.warden.checks.schema;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

/**
 * A cheap sign that the schema may have changed: the write counters of the catalogs a fingerprint
 * reads. DDL moves them; ANALYZE, VACUUM and row writes do not. Reading it costs about 2 ms where a
 * fingerprint of 10,000 tables costs over a second, so a check can fingerprint only when it moved.
 * The counters reach the statistics views a moment after commit (at most about 10 s for an idle
 * session), so a change can be seen one cycle late; callers still fingerprint now and then regardless.
 */
public final class CatalogChanges {
    private static final String SIGNAL = """
            SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::bigint
            FROM pg_stat_sys_tables
            WHERE schemaname = 'pg_catalog' AND relname IN ('pg_class', 'pg_attribute', 'pg_attrdef', 'pg_index',
                'pg_constraint', 'pg_proc', 'pg_trigger', 'pg_namespace', 'pg_type', 'pg_sequence', 'pg_rewrite',
                'pg_extension', 'pg_depend')""";

    private CatalogChanges() {
    }

    public static Future<Long> signal(SqlClient client) {
        return client.query(SIGNAL).execute().map(rows -> rows.iterator().next().getLong(0));
    }
}
