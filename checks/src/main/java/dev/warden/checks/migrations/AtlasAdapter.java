package dev.warden.checks.migrations;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.time.Duration;
import java.util.Set;

/**
 * Atlas's {@code atlas_schema_revisions} (by default in a schema of the same name): one row per
 * migration file with {@code applied} of {@code total} statements run, {@code error} when one failed,
 * {@code execution_time} in nanoseconds (a Go duration) and {@code type} flags (1 baseline, 2 executed,
 * 4 resolved by hand). A row with fewer statements applied than it has and no error is still running;
 * an error on a row resolved by hand no longer counts as a failure. Rows whose version starts with a dot
 * ({@code .atlas_cloud_identifier}) are Atlas's bookkeeping, not migrations.
 */
final class AtlasAdapter implements MigrationHistoryAdapter {
    private static final long TYPE_RESOLVED = 4;

    @Override
    public String tool() {
        return MigrationTools.ATLAS;
    }

    @Override
    public String tableName() {
        return "atlas_schema_revisions";
    }

    @Override
    public boolean recognises(CatalogTable table) {
        return table.hasColumns("version", "description", "type", "applied", "total", "executed_at",
                "execution_time", "error", "hash");
    }

    @Override
    public Future<HistoryReading> read(SqlClient client, HistoryTable table, int limit) {
        String sql = Rows.newestFirst(table.main(),
                "version, description, type, applied, total, executed_at::timestamptz AS executed_at, "
                        + "execution_time, error",
                "version NOT LIKE '.%'", "executed_at DESC, version DESC");
        return Rows.select(client, sql, limit).map(rows -> Rows.reading(rows, row -> toRecord(table.schema(), row),
                (row, record) -> new RunningMigration(tool(), null, record.appliedAt(), record.version() + ": "
                        + row.getLong("applied") + " of " + row.getLong("total") + " statements applied", false,
                        RunningMigration.Source.HISTORY_ROW)));
    }

    @Override
    public Set<Long> advisoryLockKeys(String database, String schema) {
        return Set.of(AdvisoryLockKeys.fnv1(AdvisoryLockKeys.ATLAS_MIGRATE_LOCK_NAME));
    }

    private MigrationRecord toRecord(String schema, Row row) {
        long type = row.getLong("type");
        String error = row.getString("error");
        MigrationState state;
        if (error != null && !error.isEmpty() && (type & TYPE_RESOLVED) == 0) {
            state = MigrationState.FAILED;
        } else if (row.getLong("applied") < row.getLong("total")) {
            state = MigrationState.RUNNING;
        } else {
            state = MigrationState.APPLIED;
        }
        Long nanos = row.getLong("execution_time");
        return new MigrationRecord(tool(), schema, row.getString("version"), row.getString("description"),
                Rows.instant(row, "executed_at"), nanos == null ? null : Duration.ofNanos(nanos), state);
    }
}
