package dev.warden.daemon.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code warden snapshot create|list}: through the running daemon's API. */
final class SnapshotCommands {
    private SnapshotCommands() {
    }

    @Command(name = "create", description = "Take a snapshot of a target now (and its backup, if configured).",
            footerHeading = "%nExamples:%n", footer = {"  warden snapshot create --target orders --reason pre-migration",
                    "  warden snapshot create --target orders --label \"OPS-1234 before the Q3 purge\""})
    static final class Create extends ApiCommand.OnTarget {
        @Option(names = "--reason", defaultValue = "manual", paramLabel = "R",
                description = "manual, pre-migration, pre-rollback or scheduled (default: ${DEFAULT-VALUE}).")
        String reason;

        @Option(names = "--label", paramLabel = "TEXT", description = "Your own words beside the reason: a ticket,"
                + " \"baseline\" (up to 200 characters).")
        String label;

        Create(Map<String, String> env, PrintStream out) {
            super(env, out);
        }

        @Override
        public Integer call() {
            JsonObject snapshot = ProgressLine.forTerminal(out).whileWaiting("taking a snapshot of " + target,
                    () -> api().post("/api/targets/" + target + "/snapshots", request()));
            out.println("snapshot " + snapshot.getLong("id") + " of " + target + " (" + reasonAndLabel(snapshot)
                    + ") taken in " + snapshot.getLong("duration_ms") + " ms" + backup(snapshot));
            if (snapshot.getString("tainted_because") != null) {
                out.println("  not a baseline nor a restore point: " + snapshot.getString("tainted_because"));
            }
            snapshot.getJsonArray("notes", new JsonArray()).forEach(note -> out.println("  note: " + note));
            return 0;
        }

        private JsonObject request() {
            JsonObject request = new JsonObject().put("reason", reason);
            return label == null ? request : request.put("label", label);
        }
    }

    @Command(name = "list", description = "List a target's snapshots, or diff the schemas of two of them.",
            footerHeading = "%nExamples:%n", footer = {"  warden snapshot list --target orders",
                    "  warden snapshot list --target orders --diff 41 42", "  warden snapshot list --target orders -o yaml"})
    static final class ListSnapshots extends ApiCommand.OnTarget {
        @Option(names = "--diff", arity = "2", paramLabel = "ID", description = "Two snapshot ids: what changed between them.")
        List<Long> diff;

        @Mixin
        OutputFormat output;

        ListSnapshots(Map<String, String> env, PrintStream out) {
            super(env, out);
        }

        @Override
        public Integer call() {
            if (diff != null) {
                JsonObject changes = api().get("/api/targets/" + target + "/snapshots/diff?from=" + diff.get(0) + "&to="
                        + diff.get(1));
                output.print(out, changes, () -> changes(changes));
                return 0;
            }
            JsonObject listing = api().get("/api/targets/" + target + "/snapshots");
            output.print(out, listing, () -> listing(listing));
            return 0;
        }

        private String changes(JsonObject changes) {
            JsonArray list = changes.getJsonArray("changes");
            StringBuilder text = new StringBuilder(list.size() + " change" + (list.size() == 1 ? "" : "s")
                    + " from snapshot " + diff.get(0) + " to " + diff.get(1) + "\n");
            Listings.objects(list).forEach(c -> {
                text.append("  ").append(c.getString("change")).append(' ').append(c.getString("kind")).append(' ')
                        .append(c.getString("name")).append('\n');
                c.getJsonArray("details").forEach(d -> text.append("      ").append(d).append('\n'));
            });
            return text.toString();
        }

        /** The snapshots aligned in columns; why each marked one is no baseline, and the restore point, below. */
        private static String listing(JsonObject listing) {
            Table table = new Table("ID", "TAKEN AT", "REASON", "MS", "STATE", "BACKUP");
            StringBuilder notes = new StringBuilder();
            for (JsonObject s : Listings.objects(listing.getJsonArray("snapshots"))) {
                String tainted = s.getString("tainted_because");
                table.row(s.getLong("id"), Listings.second(s.getString("taken_at")), reasonAndLabel(s), s.getLong("duration_ms"),
                        tainted == null ? "clean" : "TAINTED", backup(s).replaceFirst("^, ", ""));
                if (tainted != null) {
                    notes.append("snapshot ").append(s.getLong("id")).append(": not a baseline nor a restore point: ")
                            .append(tainted).append('\n');
                }
            }
            JsonObject point = listing.getJsonObject("restore_point");
            if (point != null) {
                notes.append("restore point: ").append(point.getLong("snapshot") == null ? point.getString("detail")
                        : "snapshot " + point.getLong("snapshot") + ", " + point.getString("why")).append('\n');
            }
            return table.render() + notes;
        }
    }

    /** {@code manual}, or {@code manual: OPS-1234} with the asker's label. */
    private static String reasonAndLabel(JsonObject snapshot) {
        String label = snapshot.getString("label");
        return snapshot.getString("reason") + (label == null ? "" : ": " + label);
    }

    private static String backup(JsonObject snapshot) {
        JsonObject backup = snapshot.getJsonObject("backup");
        if (backup == null) {
            return "";
        }
        return ", " + backup.getString("kind") + " backup " + backup.getString("location")
                + (backup.getString("lsn") == null ? "" : " at LSN " + backup.getString("lsn") + ", archived at "
                        + backup.getString("archived_at"))
                + (backup.getBoolean("verified") ? " (verified)" : " (NOT verified)") + door(backup);
    }

    /** A clone just taken: "; restore kind block_copy, sessions kept out 412 ms" (a listed snapshot does not say). */
    private static String door(JsonObject backup) {
        if (backup.getString("restore_kind") == null || backup.getLong("door_shut_ms") == null) {
            return "";
        }
        return "; restore kind " + backup.getString("restore_kind") + ", sessions kept out "
                + backup.getLong("door_shut_ms") + " ms";
    }
}
