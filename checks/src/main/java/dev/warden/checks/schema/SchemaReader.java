package dev.warden.checks.schema;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a database's schema fingerprint from pg_catalog (information_schema is too slow on large
 * catalogs): one query per object kind, sent together. Objects whose definition would need a lock
 * that a migration holds or awaits are not read but listed as skipped (see {@link CatalogQueries}).
 * If a lock appears between the lock check and the read, the session's lock_timeout fails the read
 * (SQLSTATE 55P03): the caller treats that as inconclusive.
 */
public final class SchemaReader {
    private SchemaReader() {
    }

    public static Future<SchemaFingerprint> read(SqlClient client, SchemaFilter filter) {
        // The catalog queries go out side by side; on a pool they share one connection, rather than
        // take every one the target allows Warden and queue the rest.
        if (client instanceof Pool pool) {
            return pool.withConnection(connection -> read(connection, filter));
        }
        Tuple schemas = Tuple.tuple().addArrayOfString(filter.includeArray()).addArrayOfString(filter.excludeArray());
        List<Future<RowSet<Row>>> queries = new ArrayList<>();
        for (String sql : CatalogQueries.ALL) {
            queries.add(client.preparedQuery(sql).execute(schemas));
        }
        return Future.all(queries).map(done -> {
            List<SchemaObject> objects = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            for (Future<RowSet<Row>> query : queries) {
                for (Row row : query.result()) {
                    ObjectKind kind = ObjectKind.fromKey(row.getString("kind"));
                    String name = row.getString("name");
                    if (row.getBoolean("locked")) {
                        skipped.add(SchemaObject.key(kind, name));
                    } else {
                        objects.add(new SchemaObject(kind, name, text(row.getJsonObject("attributes"))));
                    }
                }
            }
            return SchemaFingerprint.of(objects, skipped);
        });
    }

    /** The queries render every attribute as text; this keeps the map typed that way. */
    private static Map<String, String> text(JsonObject attributes) {
        Map<String, String> text = new TreeMap<>();
        attributes.forEach(entry -> text.put(entry.getKey(), String.valueOf(entry.getValue())));
        return text;
    }
}
