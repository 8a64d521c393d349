package dev.warden.rollback.swap;

import dev.warden.postgres.Connections;
import dev.warden.rollback.backup.Backup;
import dev.warden.rollback.backup.BackupTables;
import dev.warden.rollback.backup.CloneBackup;
import dev.warden.rollback.backup.DatabaseCopy;
import dev.warden.rollback.backup.RestoreKind;
import dev.warden.rollback.backup.RowCounter;
import dev.warden.rollback.backup.TableCounts;
import dev.warden.rollback.engine.DataImpact;
import dev.warden.rollback.engine.RollbackRequest;
import dev.warden.rollback.engine.SnapshotCounts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What a swap would do to data, measured before it runs: exact counts of the critical tables now
 * against the backup's (counting skips a table a migration holds or awaits an exclusive lock on),
 * and the tables created since the backup, which the swap leaves behind in the replaced database.
 * A backup without counts of its own (a dump) is measured by the exact counts of the snapshot it
 * belongs to ({@link RollbackRequest#snapshotCounts()}), and the notes say so.
 */
public final class SwapImpact {
    private SwapImpact() {
    }

    /**
     * A restore beside the target, swapped in by renaming; its first note names the restore kind the
     * server's copy method gives ({@link RestoreKind}) and, for a clone, how long taking it kept the
     * target's sessions out.
     */
    public static Future<DataImpact> assess(Vertx vertx, RollbackRequest request, SwapNames names) {
        Backup backup = request.backup();
        return assess(vertx, request, copy -> List.of(besideTheTarget(backup, names, copy),
                "everything written to " + names.target() + " since the backup was taken (" + backup.createdAt()
                + ") stays in " + names.replaced() + ", which is kept, never dropped, and left open for salvage"));
    }

    /** @param leadingNotes what kind of restore it is and where the data it replaces stays, shown first */
    public static Future<DataImpact> assess(Vertx vertx, RollbackRequest request, List<String> leadingNotes) {
        return assess(vertx, request, copy -> leadingNotes);
    }

    /** "restore kind: reflink_clone: clone backup X restored beside the target as Y (why), then swapped in ...". */
    private static String besideTheTarget(Backup backup, SwapNames names, DatabaseCopy copy) {
        RestoreKind kind = RestoreKind.of(backup.kind(), copy);
        String doorShut = backup.details().get(CloneBackup.DOOR_SHUT_MS);
        return "restore kind: " + kind.label() + ": " + backup.kind() + " backup " + backup.id()
                + " restored beside the target as " + names.restored() + " (" + kind.explain(copy)
                + "), then swapped in by renaming" + (doorShut == null ? ""
                : "; taking this clone kept " + names.target() + "'s sessions out for " + doorShut + " ms");
    }

    /** @param leadingNotes given how the server copies databases: what kind of restore it is, shown first */
    private static Future<DataImpact> assess(Vertx vertx, RollbackRequest request,
                                             Function<DatabaseCopy, List<String>> leadingNotes) {
        Backup backup = request.backup();
        InBackup inBackup = InBackup.of(request);
        Set<String> tables = new LinkedHashSet<>(request.options().criticalTables());
        tables.addAll(inBackup.rows().keySet());
        Future<Now> now = Connections.connect(vertx, request.connection()).compose(c ->
                RowCounter.count(c, List.copyOf(tables))
                        .compose(counts -> BackupTables.userTables(c)
                                .compose(all -> DatabaseCopy.read(c).map(copy -> new Now(counts, all, copy))))
                        .eventually(c::close));
        return now.compose(current -> BackupTables.of(vertx, backup, request.connection(), request.options().pgRestore())
                .map(listed -> impact(backup, inBackup, leadingNotes.apply(current.copy()), current, listed)));
    }

    private static DataImpact impact(Backup backup, InBackup counted, List<String> leadingNotes, Now now,
                                     Optional<Set<String>> inBackup) {
        Set<String> keys = new LinkedHashSet<>(counted.rows().keySet());
        keys.addAll(now.counts().rows().keySet());
        keys.addAll(now.counts().skipped().keySet());
        List<DataImpact.TableChange> changes = new ArrayList<>();
        List<String> notes = new ArrayList<>(leadingNotes);
        counted.source().ifPresent(notes::add);
        for (String table : keys) {
            changes.add(new DataImpact.TableChange(table, counted.rows().get(table), now.counts().rows().get(table)));
            if (now.counts().skipped().containsKey(table)) {
                notes.add(table + ": not counted now (" + now.counts().skipped().get(table) + ")");
            } else if (!counted.rows().containsKey(table)) {
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

    private record Now(TableCounts counts, Set<String> tables, DatabaseCopy copy) {
    }

    /** The rows the backup holds: its own counts, else its snapshot's, with a note saying where they come from. */
    private record InBackup(Map<String, Long> rows, Optional<String> source) {
        static InBackup of(RollbackRequest request) {
            Backup backup = request.backup();
            SnapshotCounts snapshot = request.snapshotCounts();
            if (!backup.rowCounts().isEmpty() || snapshot == null) {
                return new InBackup(backup.rowCounts(), Optional.empty());
            }
            return new InBackup(snapshot.rows(), Optional.of("rows in the backup: the exact counts of snapshot "
                    + snapshot.snapshotId() + " (taken " + snapshot.takenAt() + "), which counted right before its "
                    + backup.kind() + " backup was taken; a " + backup.kind() + " backup carries no counts of its own"));
        }
    }
}
