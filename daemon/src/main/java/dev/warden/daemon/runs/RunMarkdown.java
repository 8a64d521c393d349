package dev.warden.daemon.runs;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The Markdown sections every run's report ends with, from the fields {@link RunLog} writes. */
public final class RunMarkdown {
    private RunMarkdown() {
    }

    /** {@code ## Durations}: each stage's milliseconds, the total last. */
    public static void durations(StringBuilder md, JsonObject run) {
        md.append("\n## Durations\n\n");
        run.getJsonObject("durations", new JsonObject()).forEach(d -> md.append("- ")
                .append(d.getKey().replace("_ms", "")).append(": ").append(d.getValue()).append(" ms\n"));
    }

    /** {@code ## Timeline}: each event with its instant. */
    public static void timeline(StringBuilder md, JsonObject run) {
        md.append("\n## Timeline\n\n");
        run.getJsonArray("timeline", new JsonArray()).stream().map(JsonObject.class::cast)
                .forEach(e -> md.append("- ").append(e.getString("at")).append(' ').append(e.getString("event")).append('\n'));
    }
}
