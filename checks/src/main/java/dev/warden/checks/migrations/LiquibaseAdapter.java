package dev.warden.checks.migrations;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.util.List;
import java.util.Set;

/**
 * Liquibase's {@code databasechangelog} (EXECTYPE EXECUTED, RERAN or MARK_RAN) and
 * {@code databasechangeloglock}, whose {@code locked} row says directly that an update is running.
 * Liquibase never writes a row for a failed changeset: with failOnError it rolls the changeset back and
 * stops, with {@code failOnError:false} it logs and goes on; FAILED (and SKIPPED, left out) exist only as
 * EXECTYPE values. A FAILED row written by other tooling still maps to FAILED. No duration is recorded.
 */
final class LiquibaseAdapter implements MigrationHistoryAdapter {
    private static final String LOCK_TABLE = "databasechangeloglock";

    @Override
    public String tool() {
        return MigrationTools.LIQUIBASE;
    }

    @Override
    public String tableName() {
        return "databasechangelog";
    }

    @Override
    public Set<String> companionTableNames() {
        return Set.of(LOCK_TABLE);
    }

    @Override
    public boolean recognises(CatalogTable table) {
        return table.hasColumns("id", "author", "filename", "dateexecuted", "orderexecuted", "exectype");
    }

    @Override
    public Future<HistoryReading> read(SqlClient client, HistoryTable table, int limit) {
        String sql = Rows.newestFirst(table.main(),
                "id, author, filename, dateexecuted::timestamptz AS dateexecuted, exectype",
                "exectype <> 'SKIPPED'", "orderexecuted DESC, dateexecuted DESC");
        return Rows.query(client, sql, limit, row -> toRecord(table.schema(), row))
                .compose(records -> readLock(client, table).map(running -> new HistoryReading(records, running)));
    }

    private Future<List<RunningMigration>> readLock(SqlClient client, HistoryTable table) {
        return table.companion(LOCK_TABLE)
                .filter(lock -> lock.hasColumns("locked", "lockgranted", "lockedby"))
                .map(lock -> Rows.query(client, Rows.newestFirst(lock,
                        "lockgranted::timestamptz AS lockgranted, lockedby", "locked", "id"), 10,
                        row -> new RunningMigration(tool(), null, Rows.instant(row, "lockgranted"),
                                LOCK_TABLE + " locked by " + row.getString("lockedby"), false,
                                RunningMigration.Source.LOCK_TABLE)))
                .orElse(Future.succeededFuture(List.of()));
    }

    private MigrationRecord toRecord(String schema, Row row) {
        String id = row.getString("id");
        MigrationState state = "FAILED".equals(row.getString("exectype")) ? MigrationState.FAILED : MigrationState.APPLIED;
        // filename::id::author is how Liquibase itself names a changeset.
        String name = row.getString("filename") + "::" + id + "::" + row.getString("author");
        return new MigrationRecord(tool(), schema, id, name, Rows.instant(row, "dateexecuted"), null, state);
    }
}
