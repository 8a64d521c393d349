package dev.warden.checks.migrations;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

/**
 * Alembic's {@code alembic_version (version_num)}: one row per current head revision, nothing else, no
 * time and no failure (Alembic runs in a transaction on PostgreSQL, so a failure leaves the old head).
 * It takes no advisory lock; a running upgrade shows as DDL activity.
 */
final class AlembicAdapter implements MigrationHistoryAdapter {

    @Override
    public String tool() {
        return MigrationTools.ALEMBIC;
    }

    @Override
    public String tableName() {
        return "alembic_version";
    }

    @Override
    public boolean recognises(CatalogTable table) {
        return table.hasColumns("version_num");
    }

    @Override
    public Future<HistoryReading> read(SqlClient client, HistoryTable table, int limit) {
        String sql = Rows.newestFirst(table.main(), "version_num", null, "version_num");
        return Rows.query(client, sql, limit, row -> new MigrationRecord(tool(), table.schema(),
                row.getString("version_num"), row.getString("version_num"), null, null, MigrationState.APPLIED))
                .map(HistoryReading::of);
    }
}
