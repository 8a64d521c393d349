package dev.warden.rollback.backup;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts rows exactly, one table at a time, without ever queueing behind a migration: a table on
 * which an AccessExclusiveLock is granted or awaited is skipped, and so is one whose count hits the
 * session's lock or statement timeout.
 */
final class RowCounter {
    private static final String RESOLVE = "SELECT n.nspname, c.relname, c.oid::int8 FROM pg_class c"
            + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass($1)";
    private static final String EXCLUSIVELY_LOCKED = "SELECT EXISTS (SELECT 1 FROM pg_locks"
            + " WHERE locktype = 'relation' AND mode = 'AccessExclusiveLock' AND relation::int8 = $1"
            + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))";
    private static final String USER_TABLES = "SELECT count(*) FROM pg_class c"
            + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p')"
            + " AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'";

    private RowCounter() {
    }

    /** Counts {@code tables} (as the user wrote them) on {@code connection}, in order. */
    static Future<TableCounts> count(SqlConnection connection, List<String> tables) {
        Map<String, Long> rows = new LinkedHashMap<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        Future<Void> chain = Future.succeededFuture();
        for (String table : tables) {
            chain = chain.compose(v -> countOne(connection, table, rows, skipped));
        }
        return chain
                .compose(v -> connection.query(USER_TABLES).execute())
                .map(result -> new TableCounts(rows, skipped, result.iterator().next().getLong(0)));
    }

    private static Future<Void> countOne(SqlConnection connection, String table, Map<String, Long> rows,
                                         Map<String, String> skipped) {
        return connection.preparedQuery(RESOLVE).execute(Tuple.of(table)).compose(resolved -> {
            if (resolved.size() == 0) {
                skipped.put(table, "no such table");
                return Future.succeededFuture();
            }
            Row row = resolved.iterator().next();
            String qualified = row.getString(0) + "." + row.getString(1);
            return connection.preparedQuery(EXCLUSIVELY_LOCKED).execute(Tuple.of(row.getLong(2)))
                    .compose(locked -> {
                        if (locked.iterator().next().getBoolean(0)) {
                            skipped.put(qualified, "an AccessExclusiveLock is held or awaited on it");
                            return Future.succeededFuture();
                        }
                        String sql = "SELECT count(*) FROM " + SqlText.identifier(row.getString(0)) + "."
                                + SqlText.identifier(row.getString(1));
                        return connection.query(sql).execute()
                                .<Void>map(counted -> {
                                    rows.put(qualified, counted.iterator().next().getLong(0));
                                    return null;
                                })
                                .recover(e -> skipWhenLockedOrSlow(e, qualified, skipped));
                    });
        });
    }

    private static Future<Void> skipWhenLockedOrSlow(Throwable e, String table, Map<String, String> skipped) {
        if (e instanceof PgException pg && ("55P03".equals(pg.getSqlState()) || "57014".equals(pg.getSqlState()))) {
            skipped.put(table, ("55P03".equals(pg.getSqlState()) ? "lock not available" : "statement timeout")
                    + " (" + pg.getSqlState() + ")");
            return Future.succeededFuture();
        }
        return Future.failedFuture(e);
    }
}
