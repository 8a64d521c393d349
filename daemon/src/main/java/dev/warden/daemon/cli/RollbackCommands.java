package dev.warden.daemon.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code warden rollback plan|execute|approve|lift}, through the running daemon ({@code warden report}: {@link ReportCommand}). */
final class RollbackCommands {
    private RollbackCommands() {
    }

    /** A rollback of a target with a strategy, planned or executed. */
    abstract static class WithStrategy extends ApiCommand.OnTarget {
        @Option(names = "--strategy", required = true, paramLabel = "S", description = "full_rollback, branch_swap, down_migration, feature_flag, code_revert, read_only or freeze.")
        String strategy;

        WithStrategy(Map<String, String> env, PrintStream out) {
            super(env, out);
        }

        JsonObject send(boolean dryRun) {
            return ProgressLine.forTerminal(out).whileWaiting((dryRun ? "planning " : "running ") + strategy + " on "
                    + target, () -> api().post("/api/targets/" + target + "/rollbacks",
                    new JsonObject().put("strategy", strategy).put("dry_run", dryRun)));
        }
    }

    @Command(name = "plan", description = "Show what a rollback would do and what data it would set aside; change nothing.",
            footerHeading = "%nExamples:%n", footer = "  warden rollback plan --target orders --strategy branch_swap")
    static final class Plan extends WithStrategy {
        Plan(Map<String, String> env, PrintStream out) {
            super(env, out);
        }

        @Override
        public Integer call() {
            print(out, send(true));
            return 0;
        }
    }

    @Command(name = "execute", description = "Plan and run a rollback now (journaled, fenced).",
            footerHeading = "%nExamples:%n", footer = "  warden rollback execute --target orders --strategy down_migration")
    static final class Execute extends WithStrategy {
        Execute(Map<String, String> env, PrintStream out) {
            super(env, out);
        }

        @Override
        public Integer call() {
            JsonObject result = send(false);
            print(out, result);
            return ended(out, "status", result);
        }
    }

    @Command(name = "approve", description = "Run a rollback that waits for approval.",
            footerHeading = "%nExamples:%n", footer = "  warden rollback approve 0b7e4c52-9d1a-4f3e-8a60-2c5d7f1e9b34   # the id GET /api/rollbacks lists")
    static final class Approve extends ApiCommand {
        @Parameters(paramLabel = "ID", description = "The rollback's id (GET /api/rollbacks).")
        String id;

        Approve(Map<String, String> env, PrintStream out) {
            super(env, out);
        }

        @Override
        public Integer call() {
            return ended(out, "rollback " + id, ProgressLine.forTerminal(out).whileWaiting("running rollback " + id,
                    () -> api().post("/api/rollbacks/" + id + "/approve", new JsonObject())));
        }
    }

    @Command(name = "lift", description = "Allow writes again on a read-only target (read_only, or a full_rollback"
            + " that stopped before its lift); journaled and fenced like a rollback.",
            footerHeading = "%nExamples:%n", footer = "  warden rollback lift --target orders")
    static final class Lift extends ApiCommand.OnTarget {
        Lift(Map<String, String> env, PrintStream out) {
            super(env, out);
        }

        @Override
        public Integer call() {
            JsonObject result = ProgressLine.forTerminal(out).whileWaiting("lifting read-only on " + target,
                    () -> api().post("/api/targets/" + target + "/lift", new JsonObject()));
            print(out, result);
            return ended(out, "lift " + result.getString("id"), result);
        }
    }

    /** Prints how a rollback ended after {@code what}; exit 0 only when it succeeded. */
    private static int ended(PrintStream out, String what, JsonObject result) {
        out.println(what + ": " + result.getString("status") + " - " + result.getString("summary"));
        return "succeeded".equals(result.getString("status")) ? 0 : 1;
    }

    private static void print(PrintStream out, JsonObject plan) {
        out.println("plan " + plan.getString("id") + ": " + plan.getString("strategy") + " on " + plan.getString("target")
                + (plan.getString("backup") == null ? "" : ", restoring " + plan.getString("backup")));
        JsonArray steps = plan.getJsonArray("steps");
        for (int i = 0; i < steps.size(); i++) {
            JsonObject step = steps.getJsonObject(i);
            out.println("  " + (i + 1) + ". " + step.getString("name") + (step.getBoolean("skipped", false)
                    ? " (skipped: " + step.getString("why") + ")"
                    : step.getBoolean("destructive") ? " (changes the database)" : ""));
        }
        JsonObject impact = plan.getJsonObject("impact");
        if (impact != null) {
            impact.getJsonArray("tables").stream().map(JsonObject.class::cast).forEach(t -> out.println("  data: "
                    + t.getString("table") + ": " + t.getLong("rows_set_aside") + " rows set aside, "
                    + t.getLong("rows_brought_back") + " brought back"));
            impact.getJsonArray("tables_set_aside").forEach(t -> out.println("  data: table " + t + " set aside"));
            impact.getJsonArray("notes").forEach(n -> out.println("  note: " + n));
        }
    }
}
