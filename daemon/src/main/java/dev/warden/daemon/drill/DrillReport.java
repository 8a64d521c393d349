package dev.warden.daemon.drill;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** A drill's report as Markdown, from its JSON: the step timings against each budget, and the locks taken. */
public final class DrillReport {
    private DrillReport() {
    }

    public static String markdown(JsonObject drill) {
        StringBuilder md = new StringBuilder();
        md.append("# Drill ").append(drill.getString("id")).append("\n\n");
        md.append("- target: ").append(drill.getString("target")).append('\n');
        md.append("- result: **").append(drill.getString("status")).append("**");
        List<String> reasons = strings(drill.getJsonArray("reasons"));
        if (!reasons.isEmpty()) {
            md.append(" (").append(String.join("; ", reasons)).append(')');
        }
        md.append("\n- command: `").append(String.join(" ", strings(drill.getJsonArray("command")))).append("`\n");
        md.append("- exit code: ").append(drill.getValue("exit_code", "none")).append('\n');
        md.append("\n## Rollbacks\n");
        for (Object item : drill.getJsonArray("strategies", new JsonArray())) {
            JsonObject s = (JsonObject) item;
            md.append("\n### ").append(s.getString("strategy")).append(" (")
                    .append(String.join(", ", strings(s.getJsonArray("rules")))).append(")\n\n");
            if (!s.getBoolean("drilled", false)) {
                md.append("not drilled: ").append(s.getString("why")).append('\n');
                continue;
            }
            md.append("- result: **").append(s.getString("result")).append("**\n");
            md.append("- took: ").append(s.getValue("ms", "-")).append(" ms of a ").append(s.getValue("budget_ms"))
                    .append(" ms budget\n");
            for (Object step : s.getJsonArray("steps", new JsonArray())) {
                JsonObject st = (JsonObject) step;
                md.append("- step ").append(st.getValue("position")).append(' ').append(st.getString("step")).append(": ")
                        .append(st.getString("result")).append(" in ").append(st.getValue("ms")).append(" ms")
                        .append(st.getString("error") == null ? "" : " (" + st.getString("error") + ")").append('\n');
            }
            strings(s.getJsonArray("verification")).forEach(v -> md.append("- verification: ").append(v).append('\n'));
        }
        md.append("\n## Locks taken by the migration's statements (sampled every ")
                .append(StatementLocks.EVERY.toMillis()).append(" ms)\n\n");
        JsonArray statements = drill.getJsonArray("statements", new JsonArray());
        if (statements.isEmpty()) {
            md.append("none seen\n");
        }
        for (Object item : statements) {
            JsonObject st = (JsonObject) item;
            md.append("- `").append(st.getString("statement").strip().replaceAll("\\s+", " ")).append("`: ran at least ")
                    .append(st.getValue("seconds_at_least")).append(" s; held ")
                    .append(String.join(", ", strings(st.getJsonArray("locks_held"))));
            List<String> awaited = strings(st.getJsonArray("locks_awaited"));
            md.append(awaited.isEmpty() ? "" : "; awaited " + String.join(", ", awaited)).append('\n');
        }
        md.append("\n## Durations\n\n");
        drill.getJsonObject("durations", new JsonObject()).forEach(d -> md.append("- ")
                .append(d.getKey().replace("_ms", "")).append(": ").append(d.getValue()).append(" ms\n"));
        md.append("\n## Timeline\n\n");
        for (Object item : drill.getJsonArray("timeline", new JsonArray())) {
            JsonObject e = (JsonObject) item;
            md.append("- ").append(e.getString("at")).append(' ').append(e.getString("event")).append('\n');
        }
        return md.toString();
    }

    private static List<String> strings(JsonArray array) {
        return array == null ? List.of() : array.stream().map(String::valueOf).toList();
    }
}
