package dev.warden.rollback.swap;

import dev.warden.postgres.Connections;
import dev.warden.rollback.backup.Backup;
import dev.warden.rollback.backup.BackupTables;
import dev.warden.rollback.backup.RowCounter;
import dev.warden.rollback.backup.TableCounts;
import dev.warden.rollback.engine.DataImpact;
import dev.warden.rollback.engine.RollbackRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a swap would do to data, measured before it runs: exact counts of the critical tables now
 * against the backup's (counting skips a table a migration holds or awaits an exclusive lock on),
 * and the tables created since the backup, which the swap leaves behind in the replaced database.
 */
public final class SwapImpact {
    private SwapImpact() {
    }

    public static Future<DataImpact> assess(Vertx vertx, RollbackRequest request, SwapNames names) {
        Backup backup = request.backup();
        Set<String> tables = new LinkedHashSet<>(request.options().criticalTables());
        tables.addAll(backup.rowCounts().keySet());
        Future<Now> now = Connections.connect(vertx, request.connection()).compose(c ->
                RowCounter.count(c, List.copyOf(tables))
                        .compose(counts -> BackupTables.userTables(c).map(all -> new Now(counts, all)))
                        .eventually(c::close));
        return now.compose(current -> BackupTables.of(vertx, backup, request.connection(), request.options().pgRestore())
                .map(inBackup -> impact(backup, names, current, inBackup)));
    }

    private static DataImpact impact(Backup backup, SwapNames names, Now now, Optional<Set<String>> inBackup) {
        Set<String> keys = new LinkedHashSet<>(backup.rowCounts().keySet());
        keys.addAll(now.counts().rows().keySet());
        keys.addAll(now.counts().skipped().keySet());
        List<DataImpact.TableChange> changes = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        notes.add("everything written to " + names.target() + " since the backup was taken (" + backup.createdAt()
                + ") stays in " + names.replaced() + ", which is kept, never dropped, and left open for salvage");
        for (String table : keys) {
            changes.add(new DataImpact.TableChange(table, backup.rowCounts().get(table), now.counts().rows().get(table)));
            if (now.counts().skipped().containsKey(table)) {
                notes.add(table + ": not counted now (" + now.counts().skipped().get(table) + ")");
            } else if (!backup.rowCounts().containsKey(table)) {
                notes.add(table + ": the backup holds no row count for it (a " + backup.kind() + " backup)");
            }
        }
        List<String> setAside = new ArrayList<>();
        if (inBackup.isPresent()) {
            Set<String> created = new TreeSet<>(now.tables());
            created.removeAll(inBackup.get());
            setAside.addAll(created);
            Set<String> gone = new TreeSet<>(inBackup.get());
            gone.removeAll(now.tables());
            if (!gone.isEmpty()) {
                notes.add("tables dropped since the backup come back: " + String.join(", ", gone));
            }
        } else {
            notes.add("the tables of a " + backup.kind() + " backup cannot be listed: tables created since it are not shown");
        }
        return new DataImpact(changes, setAside, notes);
    }

    private record Now(TableCounts counts, Set<String> tables) {
    }
}
