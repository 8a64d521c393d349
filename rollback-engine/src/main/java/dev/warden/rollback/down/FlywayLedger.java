package dev.warden.rollback.down;

import dev.warden.checks.migrations.MigrationHistoryReader;
import dev.warden.checks.migrations.MigrationTools;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
/**
 * flyway_schema_history. A version is applied when its newest row (by installed_rank) is a
 * successful migration, undone when that row is an UNDO_* or DELETE row. An undo is recorded after
 * its script, in the same transaction, as a new row ranked after all others: see {@link FlywayUndoRow}.
 * installed_on takes the column's default (now()), installed_by is the session's user, as Flyway writes them.
 */
final class FlywayLedger implements MigrationLedger {
    private static final String UNDONE = "(type LIKE 'UNDO%' OR type = 'DELETE')";

    private final String schema;
    private final String table;
    private final String name;
    private final FlywayUndoRow row;

    FlywayLedger(DownMigrationSettings settings) {
        this.schema = settings.historySchema();
        this.name = settings.historyName();
        this.table = TableLocks.quoted(schema, name);
        this.row = settings.flywayUndoRow();
    }

    @Override
    public Future<List<String>> applied(SqlConnection c) {
        return TableLocks.requireFree(c, table, schema + "." + name)
                .compose(v -> c.query("SELECT version, type, success FROM " + table
                        + " WHERE version IS NOT NULL AND type <> 'SCHEMA' ORDER BY installed_rank DESC LIMIT 1000")
                        .execute())
                .compose(rows -> {
                    List<String> applied = new ArrayList<>();
                    Set<String> seen = new HashSet<>();
                    for (Row r : rows) {
                        String version = r.getString(0);
                        if (!seen.add(version)) {
                            continue;
                        }
                        if (!r.getBoolean(2)) {
                            return Future.failedFuture(new IllegalStateException("Flyway records version " + version
                                    + " as failed; repair the history before rolling back"));
                        }
                        if (!r.getString(1).startsWith("UNDO") && !r.getString(1).equals("DELETE")) {
                            applied.add(version);
                        }
                    }
                    return Future.succeededFuture(applied);
                });
    }

    @Override
    public Future<List<String>> stillApplied(SqlConnection c, List<String> versions) {
        return TableLocks.requireFree(c, table, schema + "." + name)
                .compose(v -> c.preparedQuery("SELECT DISTINCT ON (version) version, " + UNDONE + " FROM " + table
                        + " WHERE version = ANY($1) ORDER BY version, installed_rank DESC")
                        .execute(Tuple.of(versions.toArray(new String[0]))))
                .map(rows -> {
                    Set<String> applied = new HashSet<>();
                    rows.forEach(r -> {
                        if (!r.getBoolean(1)) {
                            applied.add(r.getString(0));
                        }
                    });
                    return versions.stream().filter(applied::contains).toList();
                });
    }

    @Override
    public Future<Void> before(SqlConnection c, Undo undo) {
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> after(SqlConnection c, Undo undo, long millis) {
        String rank = "(SELECT coalesce(max(installed_rank), 0) + 1 FROM " + table + ")";
        if (row == FlywayUndoRow.UNDO_SQL) {
            return c.preparedQuery("INSERT INTO " + table + " (installed_rank, version, description, type, script,"
                            + " checksum, installed_by, execution_time, success) VALUES (" + rank
                            + ", $1, $2, 'UNDO_SQL', $3, $4, current_user, $5, true)")
                    .execute(Tuple.of(undo.version(), undo.description(), undo.script(), undo.checksum(), (int) millis))
                    .mapEmpty();
        }
        return c.preparedQuery("INSERT INTO " + table + " (installed_rank, version, description, type, script,"
                        + " checksum, installed_by, execution_time, success) SELECT " + rank + ", version, description,"
                        + " 'DELETE', script, NULL, current_user, 0, true FROM " + table + " WHERE version = $1 AND NOT "
                        + UNDONE + " ORDER BY installed_rank DESC LIMIT 1")
                .execute(Tuple.of(undo.version())).mapEmpty();
    }

    @Override
    public Set<Long> advisoryLockKeys(String database) {
        return MigrationHistoryReader.builtInAdapters().stream()
                .filter(a -> a.tool().equals(MigrationTools.FLYWAY)).findFirst()
                .map(a -> a.advisoryLockKeys(database, schema)).orElse(Set.of());
    }

    @Override
    public String describe() {
        return "each undo is recorded in " + schema + "." + name + " as a " + row + " row, as Flyway "
                + (row == FlywayUndoRow.UNDO_SQL ? "Teams' undo does" : "repair does for a migration marked deleted");
    }
}
