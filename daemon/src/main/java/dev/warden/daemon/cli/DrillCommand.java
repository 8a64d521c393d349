package dev.warden.daemon.cli;

import dev.warden.ErrorCode;
import dev.warden.WardenException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code warden drill --target T [--budget D] -- CMD ARGS...}: the daemon clones the target into a
 * scratch copy; this process runs the migration command against the copy (libpq's PG* variables and
 * {@code {{url}}} in its arguments point at it), its output passed through; then the daemon runs the
 * matrix's rollbacks on the copy, verifies and times them, drops the copies and answers the report.
 * Exit 0 when every rollback verified within its budget, 1 otherwise, 2 for bad usage.
 */
@Command(name = "drill", description = "Rehearse a migration and its rollbacks on a scratch copy of the target:"
        + " step timings against the matrix's budgets, locks per statement, nothing left behind.",
        exitCodeList = {
                "0:Every rollback drilled verified within its budget.",
                "1:A rollback failed, missed its budget, or the migration failed on the copy; or Warden could not be"
                        + " reached.",
                "2:Bad usage or configuration."},
        footerHeading = "%nExamples:%n", footer = {
                "  warden drill --target orders -- psql -d {{url}} -f migrate.sql",
                "  warden drill --target orders --budget 30s -- flyway -url={{url}} migrate"})
final class DrillCommand extends ApiCommand.OnTarget {

    @Option(names = "--budget", paramLabel = "DURATION", description = "Hold every rollback to this budget instead of"
            + " its matrix rule's time_budget (what-if: would it fit in 30s?).")
    String budget;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json: the whole report at the end.")
    String output;

    @Parameters(paramLabel = "CMD", arity = "0..*", description = "The migration command and its arguments, after --;"
            + " {{url}} in them becomes the scratch copy's postgres:// URL (no password: libpq finds it as usual).")
    List<String> command = new ArrayList<>();

    DrillCommand(Map<String, String> env, PrintStream out) {
        super(env, out);
    }

    @Override
    public Integer call() {
        if (command.isEmpty()) {
            throw new WardenException(ErrorCode.BAD_USAGE, "no command to drill: give it after --, e.g."
                    + " warden drill --target app -- psql -d {{url}} -f migrate.sql");
        }
        if (!output.equals("text") && !output.equals("json")) {
            throw new WardenException(ErrorCode.BAD_USAGE, "-o: expected text or json, found \"" + output + "\"");
        }
        ApiClient api = api();
        JsonObject body = new JsonObject().put("command", new JsonArray(command));
        if (budget != null) {
            body.put("budget", budget);
        }
        out.println("warden: cloning " + target + " into a scratch copy...");
        JsonObject opened = api.post("/api/targets/" + target + "/drills", body);
        String id = opened.getString("id");
        JsonObject copy = opened.getJsonObject("connection");
        out.println("warden: drill " + id + " runs the command on " + copy.getString("database"));
        // Interrupted (Ctrl-C), the drill is still finished, so the daemon drops the copies now rather than
        // after its client timeout.
        Thread interrupted = new Thread(() -> finishQuietly(api, id), "warden-drill-interrupted");
        Runtime.getRuntime().addShutdownHook(interrupted);
        int exitCode = 1;
        JsonObject report;
        try {
            exitCode = run(copy, id);
        } finally {
            // Always finished, so the daemon drops the copies even when the command could not start.
            report = api.post("/api/drills/" + id + "/finish", new JsonObject().put("exit_code", exitCode));
            Runtime.getRuntime().removeShutdownHook(interrupted);
        }
        if (output.equals("json")) {
            out.println(report.encodePrettily());
        } else {
            summary(report);
        }
        return "passed".equals(report.getString("status")) ? 0 : 1;
    }

    private static void finishQuietly(ApiClient api, String id) {
        try {
            api.post("/api/drills/" + id + "/finish", new JsonObject().put("exit_code", 130));
        } catch (RuntimeException e) {
            // The process is going away; the daemon's client timeout ends the drill instead.
        }
    }

    private int run(JsonObject copy, String id) {
        String applicationName = "warden-drill-" + id;
        String url = "postgres://" + URLEncoder.encode(copy.getString("user"), StandardCharsets.UTF_8) + "@"
                + copy.getString("host") + ":" + copy.getInteger("port") + "/"
                + URLEncoder.encode(copy.getString("database"), StandardCharsets.UTF_8)
                + "?application_name=" + applicationName;
        List<String> args = command.stream().map(arg -> arg.replace(ChildConnection.URL_PLACEHOLDER, url)).toList();
        ProcessBuilder builder = new ProcessBuilder(args).redirectErrorStream(out != System.out)
                .redirectInput(ProcessBuilder.Redirect.INHERIT);
        Map<String, String> childEnv = builder.environment();
        // PGSERVICE could name another database; the copy is named here instead.
        childEnv.remove("PGSERVICE");
        childEnv.put("PGHOST", copy.getString("host"));
        childEnv.put("PGPORT", String.valueOf(copy.getInteger("port")));
        childEnv.put("PGDATABASE", copy.getString("database"));
        childEnv.put("PGUSER", copy.getString("user"));
        childEnv.put("PGAPPNAME", applicationName);
        childEnv.put("WARDEN_DRILL_ID", id);
        if (out == System.out) {
            builder.redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
        }
        try {
            Process child = builder.start();
            if (out != System.out) {
                passThrough(child.getInputStream());
            }
            return child.waitFor();
        } catch (IOException e) {
            out.println("warden: could not start " + command.get(0) + ": " + e.getMessage());
            return 127;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    private void summary(JsonObject report) {
        List<String> reasons = report.getJsonArray("reasons", new JsonArray()).stream().map(String::valueOf).toList();
        for (Object item : report.getJsonArray("strategies", new JsonArray())) {
            JsonObject s = (JsonObject) item;
            if (!s.getBoolean("drilled", false)) {
                out.println("warden: " + s.getString("strategy") + ": not drilled (" + s.getString("why") + ")");
                continue;
            }
            out.println("warden: " + s.getString("strategy") + ": " + s.getString("result") + " ("
                    + s.getValue("ms", "-") + " ms of " + s.getValue("budget_ms") + " ms)");
            for (Object step : s.getJsonArray("steps", new JsonArray())) {
                JsonObject st = (JsonObject) step;
                out.println("warden:   " + st.getString("step") + " " + st.getString("result") + " in " + st.getValue("ms") + " ms");
            }
        }
        out.println("warden: drill " + report.getString("id") + " " + report.getString("status")
                + (reasons.isEmpty() ? "" : ": " + String.join("; ", reasons)));
        out.println("warden: dropped " + String.join(", ", report.getJsonArray("dropped", new JsonArray()).stream()
                .map(String::valueOf).toList()));
        out.println("warden: report: GET /api/drills/" + report.getString("id") + "/report");
    }
}
