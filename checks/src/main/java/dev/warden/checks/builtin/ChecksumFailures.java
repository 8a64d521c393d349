package dev.warden.checks.builtin;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;

/**
 * The current database's data checksum failures (pg_stat_database, PostgreSQL 12+): a cumulative
 * counter, null when data checksums are off.
 */
record ChecksumFailures(boolean checksumsEnabled, long failures, String lastFailure) {
    private static final String SQL = """
            SELECT checksum_failures AS failures, checksum_last_failure::text AS last_failure
              FROM pg_catalog.pg_stat_database WHERE datname = current_database()
            """;

    static Future<ChecksumFailures> read(SqlClient client) {
        return client.query(SQL).execute().map(rows -> {
            if (rows.size() == 0) {
                return new ChecksumFailures(false, 0, null);
            }
            Row row = rows.iterator().next();
            Long failures = row.getLong("failures");
            return new ChecksumFailures(failures != null, failures == null ? 0 : failures, row.getString("last_failure"));
        });
    }
}
