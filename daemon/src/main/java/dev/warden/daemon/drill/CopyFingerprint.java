package dev.warden.daemon.drill;

import dev.warden.checks.schema.SchemaDiff;
import dev.warden.checks.schema.SchemaFilter;
import dev.warden.checks.schema.SchemaFingerprint;
import dev.warden.checks.schema.SchemaReader;
import dev.warden.postgres.Connections;
import dev.warden.rollback.backup.SqlText;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a drill's rollback must bring the scratch copy back to: its schema fingerprint (every object
 * Warden's snapshots fingerprint, in the schemas the target's snapshots cover) and the exact row count
 * of each critical table, taken before the migration and compared after each rollback.
 */
record CopyFingerprint(SchemaFingerprint schema, Map<String, Long> rows) {

    static Future<CopyFingerprint> take(Vertx vertx, PgConnectOptions copy, List<String> criticalTables,
                                        SchemaFilter filter) {
        return Connections.connect(vertx, copy).compose(c -> SchemaReader.read(c, filter)
                .compose(schema -> count(c, criticalTables, 0, new TreeMap<>()).map(counts -> new CopyFingerprint(schema,
                        counts)))
                .eventually(c::close));
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
        if (!schema.complete()) {
            differences.add("schema: could not read all of it (" + String.join(", ", schema.skipped()) + ")");
        }
        SchemaDiff.between(before.schema, schema).forEach(change -> differences.add("schema: " + change));
        before.rows.forEach((table, count) -> {
            Long now = rows.get(table);
            if (!count.equals(now)) {
                differences.add(table + ": " + count + " rows before, " + now + " after");
            }
        });
        return differences;
    }
}
