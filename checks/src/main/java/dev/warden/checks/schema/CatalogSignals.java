package dev.warden.checks.schema;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What one cheap statement (well under a millisecond of server time) says before anything is
 * scanned: which database this is (its oid and the cluster's system identifier: a swapped-in copy or
 * another server must not reuse a fingerprint), the oldest transaction still running (the horizon
 * the next scans start from), each watched catalog's write counter, and whether some relation is
 * held or awaited in AccessExclusiveLock (then objects may have to be left unread).
 *
 * <p>Write counters reach the statistics a moment after commit (about a second, up to about ten for a
 * session that goes idle quickly): a change can be seen a cycle late, never lost, since each catalog's
 * horizon only moves when it is scanned.
 */
record CatalogSignals(long database, String system, long xmin, long[] counters, boolean locks) {
    private static final String SQL = "SELECT (SELECT oid FROM pg_database WHERE datname = current_database())::int8"
            + " AS database, (SELECT system_identifier FROM pg_control_system())::text AS system,"
            + " pg_snapshot_xmin(pg_current_snapshot())::text::int8 AS xmin, ARRAY["
            + Arrays.stream(WatchedCatalog.values()).map(WatchedCatalog::counter).collect(Collectors.joining(", "))
            + "]::int8[] AS counters, EXISTS (SELECT 1 FROM pg_locks l"
            + " JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE l.locktype = 'relation' AND l.mode = 'AccessExclusiveLock'"
            + " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            + " AND n.nspname NOT LIKE 'pg\\_temp\\_%' AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%') AS locks";

    static Future<CatalogSignals> read(SqlClient client) {
        return client.query(SQL).execute().map(rows -> {
            Row row = rows.iterator().next();
            Long[] counters = row.getArrayOfLongs("counters");
            long[] values = new long[counters.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = counters[i] == null ? -1 : counters[i];
            }
            return new CatalogSignals(row.getLong("database"), row.getString("system"), row.getLong("xmin"), values,
                    row.getBoolean("locks"));
        });
    }
}
