package dev.warden.checks.migrations;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

/**
 * Drizzle's {@code __drizzle_migrations (id serial, hash text, created_at bigint)}, by default in schema
 * {@code drizzle}. {@code created_at} is the migration's timestamp from Drizzle's journal (when it was
 * generated, in epoch milliseconds), which Drizzle uses as the migration's identity: it is the version
 * here, not an application time. Drizzle runs all pending migrations in one transaction, so failures
 * leave no row and it takes no advisory lock.
 */
final class DrizzleAdapter implements MigrationHistoryAdapter {

    @Override
    public String tool() {
        return MigrationTools.DRIZZLE;
    }

    @Override
    public String tableName() {
        return "__drizzle_migrations";
    }

    @Override
    public boolean recognises(CatalogTable table) {
        return table.hasColumns("id", "hash", "created_at");
    }

    @Override
    public Future<HistoryReading> read(SqlClient client, HistoryTable table, int limit) {
        String sql = Rows.newestFirst(table.main(), "hash, created_at::text AS created_at", null, "id DESC");
        return Rows.query(client, sql, limit, row -> new MigrationRecord(tool(), table.schema(),
                row.getString("created_at"), row.getString("hash"), null, null, MigrationState.APPLIED))
                .map(HistoryReading::of);
    }
}
