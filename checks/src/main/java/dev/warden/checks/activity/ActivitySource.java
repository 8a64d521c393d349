package dev.warden.checks.activity;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

/**
 * Where a target's checks get the sessions and locks of their database: a reading of their own
 * ({@link #direct()}), or a reading shared with the other targets on the same server as the same role
 * ({@link SharedReading}). {@code client} is the target's own: a reading that must be taken runs on it.
 */
@FunctionalInterface
public interface ActivitySource {
    Future<DatabaseActivity> read(SqlClient client);

    /** A fresh reading of the session's own database at every call. */
    static ActivitySource direct() {
        return client -> ServerActivityQuery.read(client, false)
                .map(reading -> new DatabaseActivity(reading, reading.readerDatabase()));
    }
}
