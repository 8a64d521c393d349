package dev.warden.daemon.drill;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One drill from open to result. Its JSON is the report: kept in the state store, served by the API,
 * printed by the CLI. Synchronized because the API reads it while the drill writes.
 */
final class DrillRun {
    private final String id;
    private final String target;
    private final List<String> command;
    private final Instant openedAt;
    private final JsonObject durations = new JsonObject();
    private final List<JsonObject> timeline = new ArrayList<>();
    private final List<JsonObject> strategies = new ArrayList<>();
    private final List<String> reasons = new ArrayList<>();
    private final JsonObject parts = new JsonObject();
    private String status = "running";
    private Instant finishedAt;

    DrillRun(String id, String target, List<String> command, Instant openedAt) {
        this.id = id;
        this.target = target;
        this.command = List.copyOf(command);
        this.openedAt = openedAt;
    }

    /** The session name the drill's command announces (PGAPPNAME), by which its locks are found. */
    static String applicationName(String id) {
        return "warden-drill-" + id;
    }

    String id() {
        return id;
    }

    String target() {
        return target;
    }

    Instant openedAt() {
        return openedAt;
    }

    synchronized void event(Instant at, String what) {
        timeline.add(new JsonObject().put("at", at.toString()).put("event", what));
    }

    synchronized void took(String stage, Duration duration) {
        durations.put(stage + "_ms", duration.toMillis());
    }

    synchronized void put(String key, Object value) {
        parts.put(key, value);
    }

    synchronized void strategy(JsonObject result) {
        strategies.add(result);
    }

    synchronized void reason(String why) {
        reasons.add(why);
    }

    synchronized boolean ended() {
        return !"running".equals(status);
    }

    synchronized boolean passed() {
        return "passed".equals(status);
    }

    /** Passed when nothing gave a reason to fail. */
    synchronized void end(Instant at) {
        status = reasons.isEmpty() ? "passed" : "failed";
        finishedAt = at;
        durations.put("total_ms", Duration.between(openedAt, at).toMillis());
        event(at, "result: " + status + (reasons.isEmpty() ? "" : " (" + String.join("; ", reasons) + ")"));
    }

    synchronized JsonObject toJson() {
        JsonObject json = new JsonObject().put("id", id).put("target", target).put("status", status)
                .put("reasons", new JsonArray(List.copyOf(reasons))).put("command", new JsonArray(command))
                .put("application_name", applicationName(id))
                .put("opened_at", openedAt.toString()).put("finished_at", finishedAt == null ? null : finishedAt.toString())
                .put("durations", durations.copy()).put("strategies", new JsonArray(List.copyOf(strategies)))
                .put("timeline", new JsonArray(List.copyOf(timeline)));
        parts.forEach(entry -> json.put(entry.getKey(), entry.getValue()));
        return json;
    }
}
