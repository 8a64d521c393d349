package dev.warden.rollback.down;

import dev.warden.checks.migrations.MigrationHistoryReader;
import dev.warden.checks.migrations.MigrationTools;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Optional;
import java.util.Set;
/**
 * golang-migrate's {@code schema_migrations (version, dirty)}: one row, the current version. Each
 * undo moves it exactly as the tool's own down does: the version it goes to is written dirty
 * before the script runs and clean after ({@code TRUNCATE} then {@code INSERT}, its SetVersion);
 * when no version is left, the dirty row is -1 and the clean state is no row at all.
 */
final class GolangMigrateLedger implements MigrationLedger {
    private static final long NIL_VERSION = -1;

    private final String schema;
    private final String name;
    private final String table;

    GolangMigrateLedger(DownMigrationSettings settings) {
        this.schema = settings.historySchema();
        this.name = settings.historyName();
        this.table = TableLocks.quoted(schema, name);
    }

    @Override
    public Future<List<String>> applied(SqlConnection c) {
        return current(c).map(version -> version.map(v -> List.of(String.valueOf(v))).orElse(List.of()));
    }

    @Override
    public Future<List<String>> stillApplied(SqlConnection c, List<String> versions) {
        return current(c).map(current -> versions.stream()
                .filter(v -> current.isPresent() && Long.parseLong(v) <= current.get()).toList());
    }

    @Override
    public Future<Void> before(SqlConnection c, Undo undo) {
        return setVersion(c, target(undo), true);
    }

    @Override
    public Future<Void> after(SqlConnection c, Undo undo, long millis) {
        return setVersion(c, target(undo), false);
    }

    @Override
    public Set<Long> advisoryLockKeys(String database) {
        return MigrationHistoryReader.builtInAdapters().stream()
                .filter(a -> a.tool().equals(MigrationTools.GOLANG_MIGRATE)).findFirst()
                .map(a -> a.advisoryLockKeys(database, schema)).orElse(Set.of());
    }

    @Override
    public String describe() {
        return schema + "." + name + " is moved to the previous version, dirty while each script runs, as"
                + " golang-migrate's down does";
    }

    /** The clean current version, empty when none; fails on a dirty one, which nobody can undo safely. */
    private Future<Optional<Long>> current(SqlConnection c) {
        return TableLocks.requireFree(c, table, schema + "." + name)
                .compose(v -> c.query("SELECT version, dirty FROM " + table + " LIMIT 2").execute())
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return Future.succeededFuture(Optional.empty());
                    }
                    Row row = rows.iterator().next();
                    if (rows.size() > 1 || row.getBoolean(1)) {
                        return Future.failedFuture(new IllegalStateException(schema + "." + name + " is dirty at version "
                                + row.getLong(0) + ": a migration failed half-way; fix it and run golang-migrate's"
                                + " force before rolling back"));
                    }
                    return Future.succeededFuture(Optional.of(row.getLong(0)));
                });
    }

    private static long target(Undo undo) {
        return undo.after() == null ? NIL_VERSION : Long.parseLong(undo.after());
    }

    private Future<Void> setVersion(SqlConnection c, long version, boolean dirty) {
        Future<?> truncated = c.query("TRUNCATE " + table).execute();
        if (version < 0 && !dirty) {
            return truncated.mapEmpty();
        }
        return truncated.compose(v -> c.preparedQuery("INSERT INTO " + table + " (version, dirty) VALUES ($1, $2)")
                .execute(Tuple.of(version, dirty))).mapEmpty();
    }
}
