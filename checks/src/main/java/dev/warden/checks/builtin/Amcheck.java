package dev.warden.checks.builtin;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.util.Optional;

/**
 * Where the amcheck extension is installed in the target database, and whether it has verify_heapam
 * (amcheck 1.3, PostgreSQL 14+). Absent when the extension is not installed.
 */
record Amcheck(String schema, String version, boolean heapCheck) {
    static final String HOW_TO_ENABLE = "a superuser can enable it with CREATE EXTENSION amcheck;"
            + " (the role Warden uses also needs EXECUTE on bt_index_check and verify_heapam)";

    private static final String SQL = """
            SELECT n.nspname AS schema, e.extversion AS version,
                   EXISTS (SELECT 1 FROM pg_catalog.pg_proc p
                            WHERE p.proname = 'verify_heapam' AND p.pronamespace = e.extnamespace) AS heap_check
              FROM pg_catalog.pg_extension e
              JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
             WHERE e.extname = 'amcheck'
            """;

    static Future<Optional<Amcheck>> find(SqlClient client) {
        return client.query(SQL).execute().map(rows -> {
            if (rows.size() == 0) {
                return Optional.empty();
            }
            Row row = rows.iterator().next();
            return Optional.of(new Amcheck(row.getString("schema"), row.getString("version"), row.getBoolean("heap_check")));
        });
    }

    /** A function of the extension, schema-qualified so that search_path cannot redirect it. */
    String function(String name) {
        return '"' + schema.replace("\"", "\"\"") + "\"." + name;
    }
}
