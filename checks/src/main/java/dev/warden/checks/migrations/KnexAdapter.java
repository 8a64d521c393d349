package dev.warden.checks.migrations;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.util.List;
import java.util.Set;

/**
 * Knex's {@code knex_migrations (id, name, batch, migration_time)}, one row per applied migration (a
 * failure rolls back and leaves none; a rollback deletes the batch's rows), and
 * {@code knex_migrations_lock (index, is_locked)}: {@code is_locked = 1} says a migration holds the lock.
 * Knex sets it inside the migration's transaction unless transactions are disabled, so the committed
 * value shows non-transactional runs and locks left behind by a crash.
 */
final class KnexAdapter implements MigrationHistoryAdapter {
    private static final String LOCK_TABLE = "knex_migrations_lock";

    @Override
    public String tool() {
        return MigrationTools.KNEX;
    }

    @Override
    public String tableName() {
        return "knex_migrations";
    }

    @Override
    public Set<String> companionTableNames() {
        return Set.of(LOCK_TABLE);
    }

    @Override
    public boolean recognises(CatalogTable table) {
        return table.hasColumns("id", "name", "batch", "migration_time");
    }

    @Override
    public Future<HistoryReading> read(SqlClient client, HistoryTable table, int limit) {
        String sql = Rows.newestFirst(table.main(), "name, migration_time::timestamptz AS migration_time", null,
                "id DESC");
        return Rows.query(client, sql, limit, row -> toRecord(table.schema(), row))
                .compose(records -> readLock(client, table).map(running -> new HistoryReading(records, running)));
    }

    private Future<List<RunningMigration>> readLock(SqlClient client, HistoryTable table) {
        return table.companion(LOCK_TABLE)
                .filter(lock -> lock.hasColumns("is_locked"))
                .map(lock -> Rows.query(client, Rows.newestFirst(lock, "is_locked", "is_locked = 1", "is_locked"), 1,
                        row -> new RunningMigration(tool(), null, null, LOCK_TABLE + ".is_locked = 1", false,
                                RunningMigration.Source.LOCK_TABLE)))
                .orElse(Future.succeededFuture(List.of()));
    }

    private MigrationRecord toRecord(String schema, Row row) {
        String name = row.getString("name");
        return new MigrationRecord(tool(), schema, name, name, Rows.instant(row, "migration_time"), null,
                MigrationState.APPLIED);
    }
}
