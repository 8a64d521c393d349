package dev.warden.checks.migrations;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

/**
 * Sequelize's (umzug's) {@code "SequelizeMeta" (name)}: the file name of every applied migration, and
 * nothing else unless the project turned on timestamps ({@code createdAt}). Names start with a
 * timestamp, so their order is the order they were written in.
 */
final class SequelizeAdapter implements MigrationHistoryAdapter {

    @Override
    public String tool() {
        return MigrationTools.SEQUELIZE;
    }

    @Override
    public String tableName() {
        return "SequelizeMeta";
    }

    @Override
    public boolean recognises(CatalogTable table) {
        return table.hasColumns("name");
    }

    @Override
    public Future<HistoryReading> read(SqlClient client, HistoryTable table, int limit) {
        boolean timestamps = table.main().hasColumns("createdAt");
        String columns = timestamps ? "name, \"createdAt\"::timestamptz AS created_at" : "name, NULL::timestamptz AS created_at";
        String sql = Rows.newestFirst(table.main(), columns, null, "name DESC");
        return Rows.query(client, sql, limit, row -> new MigrationRecord(tool(), table.schema(), row.getString("name"),
                row.getString("name"), Rows.instant(row, "created_at"), null, MigrationState.APPLIED))
                .map(HistoryReading::of);
    }
}
