package dev.warden.checks.migrations;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;

/**
 * pgroll's {@code migrations} table in its state schema ({@code pgroll} by default): one row per
 * migration and target schema, {@code done} false from {@code pgroll start} until {@code pgroll complete}
 * (the expand phase, during which both schema versions are live). {@code pgroll rollback} deletes the
 * row, so no rolled-back state is ever seen. The table name is generic, so it is recognised by pgroll's
 * columns. The record's name is {@code targetSchema.migrationName}.
 */
final class PgrollAdapter implements MigrationHistoryAdapter {

    @Override
    public String tool() {
        return MigrationTools.PGROLL;
    }

    @Override
    public String tableName() {
        return "migrations";
    }

    @Override
    public boolean recognises(CatalogTable table) {
        return table.hasColumns("schema", "name", "migration", "created_at", "updated_at", "parent", "done",
                "resulting_schema");
    }

    @Override
    public Future<HistoryReading> read(SqlClient client, HistoryTable table, int limit) {
        String sql = Rows.newestFirst(table.main(),
                "schema::text AS target_schema, name, created_at::timestamptz AS created_at, done",
                null, "created_at DESC, name DESC");
        return Rows.select(client, sql, limit).map(rows -> Rows.reading(rows, row -> toRecord(table.schema(), row),
                (row, record) -> new RunningMigration(tool(), null, record.appliedAt(),
                        record.name() + " started, not completed", false, RunningMigration.Source.HISTORY_ROW)));
    }

    private MigrationRecord toRecord(String schema, Row row) {
        String name = row.getString("name");
        return new MigrationRecord(tool(), schema, name, row.getString("target_schema") + "." + name,
                Rows.instant(row, "created_at"), null,
                Rows.isTrue(row, "done") ? MigrationState.APPLIED : MigrationState.RUNNING);
    }
}
