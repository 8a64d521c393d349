package dev.warden.daemon.cli;

import dev.warden.daemon.drill.DrillReport;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code warden drill --target T [--budget D] -- CMD ARGS...}: the daemon clones the target into a
 * scratch copy; this process runs the migration command against the copy (libpq's PG* variables and
 * {@code {{url}}} in its arguments point at it), its output passed through; then the daemon runs the
 * matrix's rollbacks on the copy, verifies and times them, drops the copies and answers the report.
 * Exit 0 when every rollback verified within its budget, 1 otherwise, 2 for bad usage, 130 when the
 * operator stopped the command (the drill is still finished, so its copies are dropped at once).
 */
@Command(name = "drill", description = "Rehearse a migration and its rollbacks on a scratch copy of the target:"
        + " step timings against the matrix's budgets, locks per statement, nothing left behind.",
        exitCodeList = {
                "0:Every rollback drilled verified within its budget.",
                "1:A rollback failed, missed its budget, or the migration failed on the copy; or Warden could not be"
                        + " reached.",
                "2:Bad usage or configuration."},
        footerHeading = "%nExamples:%n", footer = {
                "  warden drill --target orders -- psql -f migrate.sql",
                "  warden drill --target orders --budget 30s -- flyway -url={{url}} migrate"})
final class DrillCommand extends ChildCommand {

    @Option(names = "--budget", paramLabel = "DURATION", description = "Hold every rollback to this budget instead of"
            + " its matrix rule's time_budget (what-if: would it fit in 30s?).")
    String budget;

    DrillCommand(Map<String, String> env, PrintStream out) {
        super(env, out);
    }

    @Override
    public Integer call() {
        checkUsage(true, "drill: give it after --, e.g. warden drill --target app -- psql -f migrate.sql");
        ApiClient api = api();
        JsonObject body = new JsonObject().put("command", new JsonArray(command));
        if (budget != null) {
            body.put("budget", budget);
        }
        out.println("warden: cloning " + target + " into a scratch copy...");
        ProgressLine progress = ProgressLine.forTerminal(out);
        JsonObject opened = progress.whileWaiting("cloning " + target,
                () -> api.post("/api/targets/" + target + "/drills", body));
        String id = opened.getString("id");
        JsonObject copy = opened.getJsonObject("connection");
        out.println("warden: drill " + id + " runs the command on " + copy.getString("database"));
        int exitCode = 1;
        JsonObject report;
        try {
            exitCode = runChild(new ChildConnection(copy), "WARDEN_DRILL_ID", id);
        } finally {
            // Always finished, so the daemon drops the copies even when the command could not start.
            int ended = exitCode;
            report = progress.whileWaiting("drilling the rollbacks on the copy",
                    () -> api.post("/api/drills/" + id + "/finish", new JsonObject().put("exit_code", ended)));
        }
        if (json()) {
            out.println(report.encodePrettily());
        } else {
            DrillReport.summary(report).forEach(line -> out.println("warden: " + line));
            out.println("warden: report: warden report " + id);
        }
        return cancelledBy != null ? CANCELLED : "passed".equals(report.getString("status")) ? 0 : 1;
    }
}
