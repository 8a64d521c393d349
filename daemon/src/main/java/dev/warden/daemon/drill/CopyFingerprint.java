package dev.warden.daemon.drill;

import dev.warden.postgres.Connections;
import dev.warden.rollback.backup.SqlText;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a drill's rollback must bring the scratch copy back to: its columns (every user table's, with
 * their types) and the exact row count of each critical table, taken before the migration and
 * compared after each rollback.
 */
record CopyFingerprint(List<String> columns, Map<String, Long> rows) {
    private static final String COLUMNS = """
            SELECT table_schema || '.' || table_name || '.' || column_name || ' ' || data_type
            FROM information_schema.columns
            WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
            ORDER BY table_schema, table_name, ordinal_position""";

    static Future<CopyFingerprint> take(Vertx vertx, PgConnectOptions copy, List<String> criticalTables) {
        return Connections.connect(vertx, copy).compose(c -> c.query(COLUMNS).execute()
                .compose(rows -> {
                    List<String> columns = new ArrayList<>();
                    for (Row row : rows) {
                        columns.add(row.getString(0));
                    }
                    return count(c, criticalTables, 0, new TreeMap<>()).map(counts -> new CopyFingerprint(columns, counts));
                }).eventually(c::close));
    }

    private static Future<Map<String, Long>> count(SqlConnection c, List<String> tables, int at, Map<String, Long> counts) {
        if (at == tables.size()) {
            return Future.succeededFuture(counts);
        }
        String table = tables.get(at).contains(".") ? tables.get(at) : "public." + tables.get(at);
        String[] parts = table.split("\\.", 2);
        return c.query("SELECT count(*) FROM " + SqlText.identifier(parts[0]) + "." + SqlText.identifier(parts[1])).execute()
                .map(rows -> {
                    counts.put(table, rows.iterator().next().getLong(0));
                    return counts;
                })
                .recover(e -> {
                    counts.put(table, -1L);
                    return Future.succeededFuture(counts);
                })
                .compose(done -> count(c, tables, at + 1, done));
    }

    /** What differs from {@code before}, one line each; empty when the copy is back as it was. */
    List<String> differencesFrom(CopyFingerprint before) {
        List<String> differences = new ArrayList<>();
        before.columns.stream().filter(col -> !columns.contains(col)).forEach(col -> differences.add("column " + col + " is missing"));
        columns.stream().filter(col -> !before.columns.contains(col)).forEach(col -> differences.add("column " + col + " is new"));
        before.rows.forEach((table, count) -> {
            Long now = rows.get(table);
            if (!count.equals(now)) {
                differences.add(table + ": " + count + " rows before, " + now + " after");
            }
        });
        return differences;
    }
}
