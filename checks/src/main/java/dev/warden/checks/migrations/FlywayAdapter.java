package dev.warden.checks.migrations;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.util.Set;

/**
 * Flyway's {@code flyway_schema_history}: one row per run migration, {@code success} false when it
 * failed. On PostgreSQL a failure usually leaves no row at all: a transactional migration rolls back
 * with its history row, and with Flyway's default {@code postgresql.transactional.lock=true} even a
 * non-transactional one does, because the failure row is written in the transaction that holds the
 * advisory lock. Only with a session lock does a failed non-transactional migration stay as a row.
 * Flyway takes that lock on its main connection and migrates on a second one. The synthetic SCHEMA
 * (schema creation marker) and DELETE (repair marking a vanished migration) rows are not migrations and
 * are left out; UNDO_* rows (Flyway Teams' undo) mean the version was rolled back.
 */
final class FlywayAdapter implements MigrationHistoryAdapter {
    private static final String TABLE = "flyway_schema_history";

    @Override
    public String tool() {
        return MigrationTools.FLYWAY;
    }

    @Override
    public String tableName() {
        return TABLE;
    }

    @Override
    public boolean recognises(CatalogTable table) {
        return table.hasColumns("installed_rank", "version", "description", "type", "script", "checksum",
                "installed_by", "installed_on", "execution_time", "success");
    }

    @Override
    public Future<HistoryReading> read(SqlClient client, HistoryTable table, int limit) {
        String sql = Rows.newestFirst(table.main(),
                "version, description, type, installed_on::timestamptz AS installed_on, execution_time, success",
                "type NOT IN ('SCHEMA', 'DELETE')", "installed_rank DESC");
        return Rows.query(client, sql, limit, row -> toRecord(table.schema(), row)).map(HistoryReading::of);
    }

    @Override
    public Set<Long> advisoryLockKeys(String database, String schema) {
        return Set.of(AdvisoryLockKeys.flyway(schema, TABLE));
    }

    private MigrationRecord toRecord(String schema, Row row) {
        MigrationState state;
        if (!Rows.isTrue(row, "success")) {
            state = MigrationState.FAILED;
        } else if (row.getString("type").startsWith("UNDO_")) {
            state = MigrationState.ROLLED_BACK;
        } else {
            state = MigrationState.APPLIED;
        }
        return new MigrationRecord(tool(), schema, row.getString("version"), row.getString("description"),
                Rows.instant(row, "installed_on"), Rows.millis(row, "execution_time"), state);
    }
}
