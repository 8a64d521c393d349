package dev.warden.rollback.down;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * Refuses to touch a table that a migration holds, or waits for, an AccessExclusiveLock on: a
 * query queued behind it would queue every later query on the table behind itself.
 */
final class TableLocks {
    private static final String SQL = "SELECT t.oid IS NOT NULL, (SELECT min(l.pid) FROM pg_locks l"
            + " WHERE l.locktype = 'relation' AND l.mode = 'AccessExclusiveLock'"
            + " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            + " AND l.relation = t.oid) FROM (SELECT to_regclass($1) AS oid) t";

    private TableLocks() {
    }

    /** Fails when {@code regclass} (quoted {@code "schema"."table"}) is missing or exclusively locked. */
    static Future<Void> requireFree(SqlConnection c, String regclass, String what) {
        return c.preparedQuery(SQL).execute(Tuple.of(regclass)).compose(rows -> {
            Row row = rows.iterator().next();
            if (!row.getBoolean(0)) {
                return Future.failedFuture(new IllegalStateException(what + " does not exist"));
            }
            if (row.getInteger(1) != null) {
                return Future.failedFuture(new IllegalStateException("an AccessExclusiveLock on " + what
                        + " is held or awaited by backend " + row.getInteger(1)
                        + " (a migration?); not queueing behind it"));
            }
            return Future.succeededFuture();
        });
    }

    /** {@code "schema"."table"}. */
    static String quoted(String schema, String table) {
        return '"' + schema.replace("\"", "\"\"") + "\".\"" + table.replace("\"", "\"\"") + '"';
    }
}
