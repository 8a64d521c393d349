package dev.warden.rollback.swap;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

/**
 * The timeline the server writes WAL on, read from the current WAL file's name. A restore to a point
 * in time ends with a promotion onto a new timeline, which is how a resumed rollback sees that the
 * cluster was already restored. -1 while the server is in recovery.
 */
final class ServerTimeline {
    private static final String QUERY = "SELECT CASE WHEN pg_is_in_recovery() THEN -1"
            + " ELSE ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int8 END";

    private ServerTimeline() {
    }

    static Future<Long> read(SqlClient client) {
        return client.query(QUERY).execute().map(rows -> rows.iterator().next().getLong(0));
    }
}
