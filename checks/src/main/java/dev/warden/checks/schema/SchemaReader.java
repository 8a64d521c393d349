package dev.warden.checks.schema;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a database's schema fingerprint from pg_catalog (information_schema is too slow on large
 * catalogs): one query per object kind, sent together. Objects whose definition would need a lock
 * that a migration holds or awaits are not read but listed as skipped (see {@link CatalogQueries}).
 * If a lock appears between the lock check and the read, the session's lock_timeout fails the read
 * (SQLSTATE 55P03): the caller treats that as inconclusive. {@link IncrementalFingerprint} keeps the
 * same fingerprint up to date by reading only what changed.
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
        return CatalogRead.all(client, filter).map(rows -> {
            List<SchemaObject> objects = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            for (CatalogRow row : rows) {
                if (row.locked()) {
                    skipped.add(row.key());
                } else {
                    objects.add(row.object());
                }
            }
            return SchemaFingerprint.of(objects, skipped);
        });
    }
}
