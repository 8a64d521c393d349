package dev.warden.checks.migrations;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.Set;

/**
 * golang-migrate's {@code schema_migrations (version bigint, dirty boolean)}: a single row, the current
 * version. The tool sets {@code dirty} before it runs a migration and clears it after, so a dirty row
 * means running (while its advisory lock is held) or failed half-way (once it is not). Other tools name
 * a table {@code schema_migrations} too (Rails: version varchar; Ecto: version bigint with
 * inserted_at), hence the check on the two columns and their types.
 */
final class GolangMigrateAdapter implements MigrationHistoryAdapter {
    private static final String TABLE = "schema_migrations";

    @Override
    public String tool() {
        return MigrationTools.GOLANG_MIGRATE;
    }

    @Override
    public String tableName() {
        return TABLE;
    }

    @Override
    public boolean recognises(CatalogTable table) {
        return "bigint".equals(table.columnType("version")) && "boolean".equals(table.columnType("dirty"));
    }

    @Override
    public Future<HistoryReading> read(SqlClient client, HistoryTable table, int limit) {
        String sql = Rows.newestFirst(table.main(), "version::text AS version, dirty", null, "version DESC");
        return Rows.query(client, sql, limit, row -> new MigrationRecord(tool(), table.schema(),
                row.getString("version"), row.getString("version"), null, null,
                Rows.isTrue(row, "dirty") ? MigrationState.DIRTY : MigrationState.APPLIED))
                .map(HistoryReading::of);
    }

    @Override
    public Set<Long> advisoryLockKeys(String database, String schema) {
        return AdvisoryLockKeys.golangMigrateVariants(database, schema, TABLE);
    }
}
