package dev.warden.checks.migrations;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Finds AccessExclusiveLocks granted or waiting on given tables. A read queued behind either would
 * itself block every later query on the table, so such a table is skipped, not read.
 */
final class ExclusiveLocks {
    private static final String SQL = """
            SELECT l.relation::bigint AS relation, l.pid, l.granted
              FROM pg_catalog.pg_locks l
             WHERE l.locktype = 'relation' AND l.mode = 'AccessExclusiveLock'
               AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())
               AND l.relation::bigint = ANY($1::bigint[])
             ORDER BY l.granted DESC, l.pid
             LIMIT 200
            """;

    /** Who holds (granted) or wants (waiting) the lock. */
    record Holder(long relation, int pid, boolean granted) {
        String describe() {
            return "AccessExclusiveLock " + (granted ? "held" : "awaited") + " by pid " + pid;
        }
    }

    private ExclusiveLocks() {
    }

    /** The first holder per table oid; granted locks come before waiting ones. */
    static Future<Map<Long, Holder>> find(SqlClient client, Collection<Long> oids) {
        if (oids.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        return client.preparedQuery(SQL).execute(Tuple.of(oids.toArray(new Long[0]))).map(rows -> {
            Map<Long, Holder> holders = new HashMap<>();
            for (Row row : rows) {
                Holder holder = new Holder(row.getLong("relation"), row.getInteger("pid"), row.getBoolean("granted"));
                holders.putIfAbsent(holder.relation(), holder);
            }
            return holders;
        });
    }
}
