package dev.warden.daemon.drill;

import dev.warden.daemon.runs.RunMarkdown;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A drill's report in words, from its JSON: the lines {@code warden drill} prints at the end and the
 * Markdown {@code warden report} and {@code GET /api/drills/{id}/report} show are made of the same
 * sentences, so an operator finds the same words wherever they look.
 */
public final class DrillReport {
    private DrillReport() {
    }

    /** The drill's outcome: {@code drill ID passed}, or {@code failed: reasons}. */
    public static String outcome(JsonObject drill) {
        List<String> reasons = strings(drill.getJsonArray("reasons"));
        return "drill " + drill.getString("id") + " " + drill.getString("status")
                + (reasons.isEmpty() ? "" : ": " + String.join("; ", reasons));
    }

    /** One strategy: its result and time against its budget, or why it was not drilled. */
    static String strategy(JsonObject s) {
        if (!s.getBoolean("drilled", false)) {
            return s.getString("strategy") + ": not drilled (" + s.getString("why") + ")";
        }
        return s.getString("strategy") + ": " + s.getString("result") + " (" + s.getValue("ms", "-") + " ms of a "
                + s.getValue("budget_ms") + " ms budget)";
    }

    static String step(JsonObject st) {
        return st.getString("step") + " " + st.getString("result") + " in " + st.getValue("ms") + " ms"
                + (st.getString("error") == null ? "" : " (" + st.getString("error") + ")");
    }

    /** What {@code warden drill} prints once the drill ended. */
    public static List<String> summary(JsonObject drill) {
        List<String> lines = new ArrayList<>();
        for (JsonObject s : objects(drill.getJsonArray("strategies"))) {
            lines.add(strategy(s));
            objects(s.getJsonArray("steps")).forEach(st -> lines.add("  " + step(st)));
            if (s.getString("not_drilled_part") != null) {
                lines.add("  not drilled: " + s.getString("not_drilled_part"));
            }
        }
        lines.add(outcome(drill));
        lines.add("dropped " + String.join(", ", strings(drill.getJsonArray("dropped"))));
        return lines;
    }

    public static String markdown(JsonObject drill) {
        StringBuilder md = new StringBuilder();
        md.append("# Drill ").append(drill.getString("id")).append("\n\n");
        md.append("- target: ").append(drill.getString("target")).append('\n');
        md.append("- result: **").append(outcome(drill)).append("**\n");
        md.append("- command: `").append(String.join(" ", strings(drill.getJsonArray("command")))).append("`\n");
        md.append("- exit code: ").append(drill.getValue("exit_code", "none")).append('\n');
        md.append("- opened: ").append(drill.getString("opened_at")).append(", finished: ")
                .append(drill.getString("finished_at", "not yet")).append('\n');
        md.append("\n## Rollbacks\n");
        for (JsonObject s : objects(drill.getJsonArray("strategies"))) {
            md.append("\n### ").append(s.getString("strategy")).append(" (")
                    .append(String.join(", ", strings(s.getJsonArray("rules")))).append(")\n\n");
            md.append("- ").append(strategy(s)).append('\n');
            if (s.getValue("copy_reset_ms") != null) {
                md.append("- the copy was made again from the migrated point first, in ").append(s.getValue("copy_reset_ms"))
                        .append(" ms (not counted)\n");
            }
            objects(s.getJsonArray("steps")).forEach(st -> md.append("- step ").append(st.getValue("position"))
                    .append(' ').append(step(st)).append('\n'));
            if (s.getString("not_drilled_part") != null) {
                md.append("- not drilled: ").append(s.getString("not_drilled_part")).append('\n');
            }
            strings(s.getJsonArray("verification")).forEach(v -> md.append("- verification: ").append(v).append('\n'));
        }
        md.append("\n## Locks taken by the migration's statements (sampled every ")
                .append(StatementLocks.EVERY.toMillis()).append(" ms)\n\n");
        List<JsonObject> statements = objects(drill.getJsonArray("statements"));
        if (statements.isEmpty()) {
            md.append("none seen\n");
        }
        for (JsonObject st : statements) {
            md.append("- `").append(st.getString("statement").strip().replaceAll("\\s+", " ")).append("`: ran at least ")
                    .append(st.getValue("seconds_at_least")).append(" s; held ")
                    .append(String.join(", ", strings(st.getJsonArray("locks_held"))));
            List<String> awaited = strings(st.getJsonArray("locks_awaited"));
            md.append(awaited.isEmpty() ? "" : "; awaited " + String.join(", ", awaited)).append('\n');
        }
        RunMarkdown.durations(md, drill);
        RunMarkdown.timeline(md, drill);
        md.append("\n- dropped ").append(String.join(", ", strings(drill.getJsonArray("dropped")))).append('\n');
        return md.toString();
    }

    private static List<String> strings(JsonArray array) {
        return array == null ? List.of() : array.stream().map(String::valueOf).toList();
    }

    private static List<JsonObject> objects(JsonArray array) {
        return array == null ? List.of() : array.stream().map(JsonObject.class::cast).toList();
    }
}
