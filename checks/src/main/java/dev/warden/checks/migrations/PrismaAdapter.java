package dev.warden.checks.migrations;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;
import java.util.Set;

/**
 * Prisma Migrate's {@code _prisma_migrations}. Prisma inserts the row when a migration starts and sets
 * {@code finished_at} when it ends; a failure writes {@code logs} and leaves {@code finished_at} null;
 * {@code prisma migrate resolve --rolled-back} sets {@code rolled_back_at}. So a row with neither
 * {@code finished_at} nor {@code rolled_back_at} is running when it has no logs, failed when it has.
 */
final class PrismaAdapter implements MigrationHistoryAdapter {

    @Override
    public String tool() {
        return MigrationTools.PRISMA;
    }

    @Override
    public String tableName() {
        return "_prisma_migrations";
    }

    @Override
    public boolean recognises(CatalogTable table) {
        return table.hasColumns("id", "checksum", "finished_at", "migration_name", "logs", "rolled_back_at",
                "started_at", "applied_steps_count");
    }

    @Override
    public Future<HistoryReading> read(SqlClient client, HistoryTable table, int limit) {
        String sql = Rows.newestFirst(table.main(),
                "migration_name, started_at::timestamptz AS started_at, finished_at::timestamptz AS finished_at, "
                        + "rolled_back_at IS NOT NULL AS rolled_back, logs IS NOT NULL AS has_logs",
                null, "started_at DESC, migration_name DESC");
        return Rows.select(client, sql, limit).map(rows -> Rows.reading(rows, row -> toRecord(table.schema(), row),
                (row, record) -> new RunningMigration(tool(), null, record.appliedAt(), record.version(), false,
                        RunningMigration.Source.HISTORY_ROW)));
    }

    @Override
    public Set<Long> advisoryLockKeys(String database, String schema) {
        return Set.of(AdvisoryLockKeys.PRISMA);
    }

    private MigrationRecord toRecord(String schema, Row row) {
        Instant started = Rows.instant(row, "started_at");
        Instant finished = Rows.instant(row, "finished_at");
        MigrationState state;
        if (Rows.isTrue(row, "rolled_back")) {
            state = MigrationState.ROLLED_BACK;
        } else if (finished != null) {
            state = MigrationState.APPLIED;
        } else if (Rows.isTrue(row, "has_logs")) {
            state = MigrationState.FAILED;
        } else {
            state = MigrationState.RUNNING;
        }
        String name = row.getString("migration_name");
        return new MigrationRecord(tool(), schema, name, name, finished != null ? finished : started,
                Rows.between(started, finished), state);
    }
}
