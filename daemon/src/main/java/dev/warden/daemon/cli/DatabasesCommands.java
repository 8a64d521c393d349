package dev.warden.daemon.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code warden databases list|prune}: what Warden made beside a target, and removing old replaced databases. */
final class DatabasesCommands {
    private DatabasesCommands() {
    }

    @Command(name = "list", description = "List the databases Warden made beside a target: replaced by a swap,"
            + " snapshot clones, unfinished restores, drill copies.",
            footerHeading = "%nExamples:%n", footer = {"  warden databases list --target orders",
                    "  warden databases list --target orders -o json"})
    static final class ListDatabases extends ApiCommand.OnTarget {
        @Mixin
        OutputFormat output;

        ListDatabases(Map<String, String> env, PrintStream out) {
            super(env, out);
        }

        @Override
        public Integer call() {
            JsonObject answer = api().get("/api/targets/" + target + "/databases");
            output.print(out, answer, () -> {
                Table table = new Table("NAME", "KIND", "STAMPED AT", "MB", "SESSIONS");
                Listings.objects(answer.getJsonArray("databases")).forEach(d -> table.row(d.getString("name"),
                        d.getString("kind"), d.getString("stamped_at"), megabytes(d), d.getInteger("sessions")));
                return table.render();
            });
            return 0;
        }
    }

    @Command(name = "prune", description = "Drop a target's replaced databases, and the copies of drills that ended"
            + " without dropping them, older than a retention; never a target, a clone, one in use, a running drill's"
            + " copy, or one a rollback or an open incident may still need.",
            footerHeading = "%nExamples:%n", footer = {
                    "  warden databases prune --target orders --older-than 7d --dry-run",
                    "  warden databases prune --target orders --older-than 30d"})
    static final class Prune extends ApiCommand.OnTarget {
        @Option(names = "--older-than", required = true, paramLabel = "DURATION",
                description = "Only replaced databases older than this go (at least 1h), e.g. 7d.")
        String olderThan;

        @Option(names = "--dry-run", description = "Say what would be dropped; drop nothing.")
        boolean dryRun;

        Prune(Map<String, String> env, PrintStream out) {
            super(env, out);
        }

        @Override
        public Integer call() {
            JsonObject answer = ProgressLine.forTerminal(out).whileWaiting("pruning databases of " + target,
                    () -> api().post("/api/targets/" + target + "/databases/prune",
                            new JsonObject().put("older_than", olderThan).put("dry_run", dryRun)));
            String verb = dryRun ? "would drop" : "dropped";
            JsonArray gone = answer.getJsonArray(dryRun ? "would_drop" : "dropped");
            gone.stream().map(JsonObject.class::cast).forEach(d -> out.println(verb + "  " + d.getString("name")
                    + " (" + megabytes(d) + " MB)"));
            answer.getJsonArray("failed", new JsonArray()).stream().map(JsonObject.class::cast).forEach(d ->
                    out.println("failed  " + d.getString("name") + ": " + d.getString("error")));
            answer.getJsonArray("kept").stream().map(JsonObject.class::cast).forEach(d ->
                    out.println("kept    " + d.getString("name") + ": " + d.getString("kept_because")));
            out.println(gone.size() + " " + verb + ", " + answer.getJsonArray("kept").size() + " kept");
            return answer.getJsonArray("failed", new JsonArray()).isEmpty() ? 0 : 1;
        }
    }

    private static String megabytes(JsonObject database) {
        long bytes = database.getLong("size_bytes", -1L);
        return bytes < 0 ? "?" : String.valueOf(bytes / (1024 * 1024));
    }
}
