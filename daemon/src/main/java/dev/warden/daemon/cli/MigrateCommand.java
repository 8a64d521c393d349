package dev.warden.daemon.cli;

import dev.warden.ErrorCode;
import dev.warden.WardenException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code warden migrate --target T [--expect TABLE:MIN..MAX]... -- CMD ARGS...}: the daemon opens the
 * migration (pre-checks, restore point, expectations, lock watch), this process runs the command with
 * its output passed through, keeps the migration alive with heartbeats, then hands the exit code over
 * and prints the verdict. Exit 0 when it succeeded, 1 when it failed (and was rolled back as the
 * matrix says), 2 for bad usage, 130 when the operator stopped it (Ctrl-C or SIGTERM: the command is
 * stopped, the daemon hears the signal, and the run fails and is rolled back like any failure).
 */
@Command(name = "migrate", description = "Run a migration command under Warden's watch: pre-checks, restore point,"
        + " expectations, live lock watch, checks right after, verdict, rollback, report.",
        exitCodeList = {
                "0:The migration succeeded; its post-migration snapshot is the new baseline.",
                "1:The migration failed (command, cancel, or a check breached) and was rolled back as the matrix says;"
                        + " a pre-check refused it (nothing ran); or Warden could not be reached.",
                "2:Bad usage or configuration.",
                "130:Stopped by the operator (Ctrl-C); rolled back like a failure."},
        footerHeading = "%nExamples:%n", footer = {
                "  warden migrate --target orders -- flyway -url={{url}} migrate",
                "  warden migrate --target orders --expect orders:-70%%..0 -- psql -f purge_old_orders.sql",
                "  warden migrate --target orders --dry-run -- liquibase update"})
final class MigrateCommand extends ApiCommand.OnTarget {
    @Option(names = "--expect", paramLabel = "TABLE:MIN..MAX", description = "A critical table may change by this"
            + " much during the run, in percent of its pre-migration count, e.g. orders:-70%%..0. Repeatable.")
    List<String> expectations = new ArrayList<>();

    @Option(names = "--max-lock-wait", paramLabel = "DURATION", defaultValue = "5s", description = "Cancel the"
            + " migration's statement once other sessions have waited this long behind its locks (default: ${DEFAULT-VALUE}).")
    String maxLockWait;

    @Option(names = "--client-timeout", paramLabel = "DURATION", defaultValue = "30s", description = "The daemon ends"
            + " the run as failed when it hears nothing from this client for this long (default: ${DEFAULT-VALUE}).")
    String clientTimeout;

    @Option(names = "--force", description = "Start despite refusals that may be overridden (failing check, open"
            + " incident, failed migration in a history).")
    boolean force;

    @Option(names = "--dry-run", description = "Run the pre-checks and say what would happen; run nothing.")
    boolean dryRun;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json: the whole report at the end.")
    String output;

    /** The exit code when the operator stopped the run: 128 + SIGINT's number, as shells report Ctrl-C. */
    static final int CANCELLED = 130;
    /** The signal by which the operator stopped the command, or null. */
    private String cancelledBy;

    @Parameters(paramLabel = "CMD", arity = "0..*", description = "The migration command and its arguments, after --;"
            + " {{url}} in them becomes the target's JDBC URL naming the session warden-migrate-<id>.")
    List<String> command = new ArrayList<>();

    MigrateCommand(Map<String, String> env, PrintStream out) {
        super(env, out);
    }

    @Override
    public Integer call() {
        if (command.isEmpty() && !dryRun) {
            throw new WardenException(ErrorCode.BAD_USAGE, "no command to run: give it after --, e.g."
                    + " warden migrate --target app -- psql -f migrate.sql");
        }
        if (!output.equals("text") && !output.equals("json")) {
            throw new WardenException(ErrorCode.BAD_USAGE, "-o: expected text or json, found \"" + output + "\"");
        }
        ApiClient api = api();
        JsonObject opened = api.post("/api/targets/" + target + "/migrations", new JsonObject()
                .put("expectations", new JsonArray(expectations)).put("max_lock_wait", maxLockWait)
                .put("client_timeout", clientTimeout).put("force", force).put("dry_run", dryRun)
                .put("command", new JsonArray(command)));
        if (dryRun) {
            return dryRun(opened);
        }
        String id = opened.getString("id");
        JsonObject restore = opened.getJsonObject("restore_point", new JsonObject());
        out.println("warden: migration " + id + " opened on " + target + "; restore point: snapshot "
                + restore.getValue("snapshot") + " (" + restore.getString("kind") + (restore.getString("lsn") == null ? ""
                : " " + restore.getString("name") + " at LSN " + restore.getString("lsn") + ", archived at "
                + restore.getString("archived_at")) + ")");
        ChildConnection connection = new ChildConnection(opened.getJsonObject("connection"));
        int exitCode = runWatched(api, id, opened.getLong("heartbeat_seconds", 10L), connection);
        JsonObject finish = new JsonObject().put("exit_code", exitCode);
        if (cancelledBy != null) {
            finish.put("cancelled_by", cancelledBy);
        }
        JsonObject report = api.post("/api/migrations/" + id + "/finish", finish);
        if (output.equals("json")) {
            out.println(report.encodePrettily());
        } else {
            verdict(report);
        }
        return cancelledBy != null ? CANCELLED : "succeeded".equals(report.getString("status")) ? 0 : 1;
    }

    private int dryRun(JsonObject answer) {
        if (output.equals("json")) {
            out.println(answer.encodePrettily());
        } else {
            out.println("dry run on " + target + ": " + (answer.getBoolean("would_start") ? "would start" : "would be refused")
                    + "; restore point kind: " + answer.getString("restore_point_kind"));
            answer.getJsonArray("refusals").stream().map(JsonObject.class::cast).forEach(r -> out.println("  refusal "
                    + r.getString("name") + ": " + r.getString("detail") + (r.getBoolean("overridable")
                    ? (force ? " (overridden by --force)" : " (--force overrides it)") : "")));
        }
        return answer.getBoolean("would_start") ? 0 : 1;
    }

    /** Runs the command to its end, heartbeating (and drawing the progress line on a terminal) meanwhile. */
    private int runWatched(ApiClient api, String id, long heartbeatSeconds, ChildConnection connection) {
        ProcessBuilder builder = new ProcessBuilder(connection.expand(command)).redirectErrorStream(out != System.out)
                .redirectInput(ProcessBuilder.Redirect.INHERIT);
        connection.environment(builder.environment());
        builder.environment().put("WARDEN_MIGRATION_ID", id);
        if (out == System.out) {
            builder.redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
        }
        ProgressLine progress = ProgressLine.forTerminal(out);
        ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "warden-migrate-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        long every = progress.shown() ? 1 : Math.max(1, heartbeatSeconds);
        beats.scheduleWithFixedDelay(() -> {
            try {
                progress.draw(api.post("/api/migrations/" + id + "/heartbeat", new JsonObject()));
            } catch (RuntimeException e) {
                progress.note("heartbeat failed: " + e.getMessage());
            }
        }, every, every, TimeUnit.SECONDS);
        try {
            Process child = builder.start();
            try (OperatorCancel cancel = OperatorCancel.watch(child)) {
                if (out != System.out) {
                    passThrough(child.getInputStream());
                }
                int exitCode = child.waitFor();
                cancelledBy = cancel.received();
                return exitCode;
            }
        } catch (IOException e) {
            out.println("warden: could not start " + command.get(0) + ": " + e.getMessage());
            return 127;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        } finally {
            beats.shutdownNow();
            progress.clear();
        }
    }

    private void verdict(JsonObject report) {
        JsonArray reasons = report.getJsonArray("reasons", new JsonArray());
        out.println("warden: migration " + report.getString("id") + " " + report.getString("status")
                + (reasons.isEmpty() ? "" : ": " + String.join("; ", reasons.stream().map(String::valueOf).toList())));
        JsonObject decision = report.getJsonObject("decision");
        if (decision != null) {
            out.println("warden: decision: " + decision.getString("outcome"));
        }
        JsonObject rollback = report.getJsonObject("rollback");
        if (rollback != null) {
            out.println("warden: rollback " + rollback.getString("id") + " (" + rollback.getString("strategy") + "): "
                    + rollback.getString("status") + " - " + rollback.getString("summary"));
        }
        if (report.getValue("baseline_snapshot") != null) {
            out.println("warden: snapshot " + report.getValue("baseline_snapshot") + " is the new baseline");
        }
        out.println("warden: report: warden report " + report.getString("id"));
    }
}
