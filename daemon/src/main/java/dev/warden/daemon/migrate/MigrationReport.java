package dev.warden.daemon.migrate;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** A migration's report as Markdown, from its JSON: what a person reads after {@code warden migrate}. */
public final class MigrationReport {
    private MigrationReport() {
    }

    public static String markdown(JsonObject run) {
        StringBuilder md = new StringBuilder();
        md.append("# Migration ").append(run.getString("id")).append("\n\n");
        md.append("- target: ").append(run.getString("target")).append('\n');
        md.append("- verdict: **").append(run.getString("status")).append("**");
        JsonArray reasons = run.getJsonArray("reasons", new JsonArray());
        if (!reasons.isEmpty()) {
            md.append(" (").append(String.join("; ", reasons.stream().map(String::valueOf).toList())).append(')');
        }
        md.append('\n');
        md.append("- command: `").append(String.join(" ", run.getJsonArray("command", new JsonArray()).stream()
                .map(String::valueOf).toList())).append("`\n");
        md.append("- opened: ").append(run.getString("opened_at")).append(", finished: ")
                .append(run.getString("finished_at", "not yet")).append('\n');
        md.append("- exit code: ").append(run.getValue("exit_code", "none")).append('\n');
        md.append("- max lock wait: ").append(run.getValue("max_lock_wait_seconds")).append(" s").append(run.getBoolean(
                "force", false) ? ", forced past: " + run.getJsonArray("overridden", new JsonArray()).encode() : "")
                .append('\n');
        JsonObject restore = run.getJsonObject("restore_point");
        if (restore != null) {
            md.append("- restore point: snapshot ").append(restore.getValue("snapshot")).append(", ")
                    .append(restore.getString("kind")).append(restore.getString("location") == null ? ""
                            : " " + restore.getString("location")).append(restore.getString("lsn") == null ? ""
                            : " at LSN " + restore.getString("lsn") + ", WAL " + restore.getString("wal_file")
                            + " archived at " + restore.getString("archived_at"))
                    .append(restore.getBoolean("verified", false) ? " (verified)" : " (NOT verified)")
                    .append(restore.getBoolean("clean", true) ? ""
                            : " (not a baseline: " + restore.getString("tainted_because") + ")").append('\n');
        }
        if (run.getValue("baseline_snapshot") != null) {
            md.append("- new baseline: snapshot ").append(run.getValue("baseline_snapshot")).append('\n');
        }
        section(md, "Expectations", run.getJsonArray("expectations"), e -> e.getString("declared") + " (ratio "
                + e.getValue("min_ratio") + ".." + e.getValue("max_ratio") + " of the pre-migration count)");
        section(md, "Timeline", run.getJsonArray("timeline"), e -> e.getString("at") + " " + e.getString("event"));
        md.append("\n## Durations\n\n");
        run.getJsonObject("durations", new JsonObject()).forEach(d -> md.append("- ").append(d.getKey()
                .replace("_ms", "")).append(": ").append(d.getValue()).append(" ms\n"));
        JsonObject locks = run.getJsonObject("locks", new JsonObject());
        md.append("\n## Locks\n\n- most locks held: ").append(locks.getValue("max_held"))
                .append("\n- most locks awaited: ").append(locks.getValue("max_awaited"))
                .append("\n- most sessions blocked behind the migration: ").append(locks.getValue("max_blocked_sessions"))
                .append("\n- longest wait behind it: ").append(locks.getValue("longest_blocked_wait_seconds")).append(" s\n");
        locks.getJsonArray("cancels", new JsonArray()).stream().map(JsonObject.class::cast).forEach(c -> md
                .append("- ").append(c.getBoolean("cancelled", false) ? "cancelled" : "not cancelled").append(" backend ")
                .append(c.getValue("pid", "-")).append(c.getString("statement") == null ? ""
                        : ": `" + c.getString("statement") + "`").append(c.getString("detail") == null ? ""
                        : " (" + c.getString("detail") + ")").append('\n'));
        section(md, "Schema changes", run.getJsonArray("schema_changes"), c -> c.getString("class") + ": "
                + c.getString("change"));
        section(md, "Row deltas", run.getJsonArray("row_deltas"), d -> d.getString("table") + ": " + d.getValue("before")
                + " -> " + d.getValue("after") + (d.getValue("change_percent") == null ? "" : " (" + d.getValue(
                "change_percent") + "%)") + (d.getString("expectation") == null ? "" : ", expected "
                + d.getString("expectation") + ": " + (Boolean.TRUE.equals(d.getBoolean("within_expectation"))
                ? "within" : "outside")));
        section(md, "Checks", run.getJsonArray("checks"), c -> c.getString("check") + ": " + c.getString("status")
                + (c.getString("severity") == null ? "" : " " + c.getString("severity") + " " + c.getString("issue"))
                + " - " + c.getString("summary"));
        JsonObject decision = run.getJsonObject("decision");
        if (decision != null) {
            md.append("\n## Decision\n\n- ").append(decision.getString("outcome")).append('\n');
            if (decision.getString("id") != null) {
                md.append("- decision ").append(decision.getString("id")).append(": ").append(decision.getString("issue"))
                        .append('/').append(decision.getString("severity")).append(" -> ")
                        .append(decision.getString("strategy")).append(" in ").append(decision.getString("mode"))
                        .append(" mode\n");
            }
        }
        JsonObject rollback = run.getJsonObject("rollback");
        if (rollback != null) {
            md.append("\n## Rollback\n\n- rollback ").append(rollback.getString("id")).append(": **")
                    .append(rollback.getString("status")).append("** - ").append(rollback.getString("summary"))
                    .append("\n- its report: GET /api/rollbacks/").append(rollback.getString("id")).append("/report\n");
        }
        return md.toString();
    }

    private static void section(StringBuilder md, String title, JsonArray items,
                                java.util.function.Function<JsonObject, String> line) {
        if (items == null) {
            return;
        }
        md.append("\n## ").append(title).append("\n\n");
        if (items.isEmpty()) {
            md.append("- none\n");
        }
        items.stream().map(JsonObject.class::cast).forEach(item -> md.append("- ").append(line.apply(item)).append('\n'));
    }
}
