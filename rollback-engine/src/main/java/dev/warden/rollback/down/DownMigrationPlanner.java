package dev.warden.rollback.down;

import dev.warden.postgres.Connections;
import dev.warden.rollback.backup.BackupNames;
import dev.warden.rollback.engine.DataImpact;
import dev.warden.rollback.engine.RollbackRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
/**
 * Decides, with read-only queries, which migrations a down_migration rollback undoes: the newest
 * applied ones in the tool's history ({@code steps} of them, or all those after
 * {@code target_version}); golang-migrate's single current version is followed by the earlier
 * versions its directory holds, as the tool's own down walks them. Finds their down scripts,
 * refuses scripts that cannot run in one transaction, and measures what they drop.
 */
public final class DownMigrationPlanner {
    public static final String PIN_TOOL = "down_migration.tool";
    public static final String PIN_VERSIONS = "down_migration.versions";
    public static final String PIN_AFTER = "down_migration.after";

    private final Vertx vertx;
    private final WorkerExecutor workers;

    public DownMigrationPlanner(Vertx vertx, WorkerExecutor workers) {
        this.vertx = vertx;
        this.workers = workers;
    }

    /** What to undo and its impact; {@link Planned#pins()} go into the request. */
    public Future<Planned> plan(RollbackRequest request, DownMigrationSettings settings) {
        MigrationLedger ledger = Ledgers.of(settings);
        return Connections.connect(vertx, request.connection()).compose(c -> Ledgers.applySearchPath(c, settings, false)
                .compose(v -> ledger.applied(c))
                .compose(applied -> settings.tool() != DownMigrationTool.GOLANG_MIGRATE || applied.isEmpty()
                        ? Future.succeededFuture(applied)
                        : workers.executeBlocking(() -> withEarlierFiles(settings, applied.get(0)), false))
                .compose(applied -> choose(settings, applied))
                .compose(chosen -> workers.executeBlocking(() -> UndoScripts.load(settings, chosen.versions(),
                        chosen.after()), false).map(undos -> new Planned(undos, chosen.after(), null)))
                .compose(planned -> refuseUnrunnable(planned.undos())
                        .compose(v -> DropImpact.assess(c, planned.undos(), notes(request, settings, ledger, planned)))
                        .map(impact -> new Planned(planned.undos(), planned.after(), impact)))
                .eventually(c::close));
    }

    private static List<String> withEarlierFiles(DownMigrationSettings settings, String current) {
        List<String> versions = new ArrayList<>(List.of(current));
        UndoScripts.golangVersions(settings.directory()).stream()
                .filter(v -> Long.parseLong(v) < Long.parseLong(current)).forEach(versions::add);
        return versions;
    }

    private static Future<Chosen> choose(DownMigrationSettings settings, List<String> applied) {
        if (applied.isEmpty()) {
            return fail("the " + settings.tool().configName() + " history shows no applied migration to undo");
        }
        int count;
        if (settings.targetVersion() != null) {
            count = indexOf(settings, applied, settings.targetVersion());
            if (count < 0) {
                return fail("target_version " + settings.targetVersion() + " is not among the applied versions "
                        + applied);
            }
            if (count == 0) {
                return fail("version " + settings.targetVersion() + " is already the newest applied: nothing to undo");
            }
        } else {
            count = settings.steps();
            boolean golangToNothing = settings.tool() == DownMigrationTool.GOLANG_MIGRATE && count == applied.size();
            if (count > applied.size() && !golangToNothing) {
                return fail("steps is " + count + " but only " + applied.size() + " migration(s) are applied: "
                        + applied);
            }
        }
        List<String> versions = List.copyOf(applied.subList(0, count));
        String after = count < applied.size() ? applied.get(count) : null;
        return Future.succeededFuture(new Chosen(versions, after));
    }

    private static int indexOf(DownMigrationSettings settings, List<String> applied, String version) {
        for (int i = 0; i < applied.size(); i++) {
            boolean same = settings.tool() == DownMigrationTool.FLYWAY
                    ? UndoScripts.flywayVersion(applied.get(i)).equals(UndoScripts.flywayVersion(version))
                    : applied.get(i).equals(version);
            if (same) {
                return i;
            }
        }
        return -1;
    }

    private static Future<Void> refuseUnrunnable(List<Undo> undos) {
        for (Undo undo : undos) {
            if (undo.sql() != null && !undo.sql().problems().isEmpty()) {
                return fail(undo.script() + " cannot run in the rollback's single transaction: "
                        + String.join("; ", undo.sql().problems()));
            }
        }
        return Future.succeededFuture();
    }

    private static List<String> notes(RollbackRequest request, DownMigrationSettings settings, MigrationLedger ledger,
                                      Planned planned) {
        List<String> versions = planned.undos().stream().map(Undo::version).toList();
        List<String> notes = new ArrayList<>();
        notes.add(settings.tool() == DownMigrationTool.COMMAND
                ? "runs " + settings.command().program() + " to undo " + settings.tool().configName() + " version(s) "
                        + versions + "; Warden cannot see what the tool's rollback drops"
                : "undoes version(s) " + versions + " with " + planned.undos().stream().map(Undo::script).toList()
                        + " in one transaction (lock_timeout " + settings.lockTimeout() + ")");
        notes.add(ledger.describe());
        notes.add("first a verified " + settings.backup().kind() + " backup named "
                + BackupNames.name(request.database(), request.requestedAt(), BackupNames.PRE_ROLLBACK) + " is taken: whatever the scripts drop"
                + " stays in it" + ("clone".equals(settings.backup().kind())
                        ? "; cloning cuts the target's clients off for the seconds it takes" : ""));
        return notes;
    }

    private static <T> Future<T> fail(String why) {
        return Future.failedFuture(new IllegalStateException(why));
    }

    private record Chosen(List<String> versions, String after) {
    }

    /** @param after the version left once all are undone (golang-migrate), or null */
    public record Planned(List<Undo> undos, String after, DataImpact impact) {
    public     Map<String, String> pins(DownMigrationSettings settings) {
            return Map.of(PIN_TOOL, settings.tool().configName(),
                    PIN_VERSIONS, new JsonArray(undos.stream().map(Undo::version).toList()).encode(),
                    PIN_AFTER, after == null ? "" : after);
        }
    }
}
