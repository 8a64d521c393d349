package dev.warden.checks.migrations;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.util.Set;

/**
 * Sqitch's registry (schema {@code sqitch} by default). {@code changes} holds what is deployed now;
 * {@code events} the full history, one row per deploy, revert, fail or merge, which is what is read
 * here. The version is the change id (stable across a failed and a later successful deploy), the name
 * is the change's name. The table name is generic, so it is recognised by Sqitch's columns.
 */
final class SqitchAdapter implements MigrationHistoryAdapter {

    @Override
    public String tool() {
        return MigrationTools.SQITCH;
    }

    @Override
    public String tableName() {
        return "events";
    }

    @Override
    public boolean recognises(CatalogTable table) {
        return table.hasColumns("event", "change_id", "change", "project", "committed_at", "committer_name",
                "planned_at");
    }

    @Override
    public Future<HistoryReading> read(SqlClient client, HistoryTable table, int limit) {
        String sql = Rows.newestFirst(table.main(),
                "event, change_id, change, committed_at::timestamptz AS committed_at", null, "committed_at DESC");
        return Rows.query(client, sql, limit, row -> toRecord(table.schema(), row)).map(HistoryReading::of);
    }

    @Override
    public Set<Long> advisoryLockKeys(String database, String schema) {
        return Set.of(AdvisoryLockKeys.SQITCH);
    }

    private MigrationRecord toRecord(String schema, Row row) {
        MigrationState state = switch (row.getString("event")) {
            case "fail" -> MigrationState.FAILED;
            case "revert" -> MigrationState.ROLLED_BACK;
            default -> MigrationState.APPLIED; // deploy, merge
        };
        return new MigrationRecord(tool(), schema, row.getString("change_id"), row.getString("change"),
                Rows.instant(row, "committed_at"), null, state);
    }
}
