package dev.warden.daemon.drill;

import dev.warden.daemon.runs.RunLog;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One drill from open to result. Its JSON is the report: kept in the state store, served by the API,
 * printed by the CLI. Synchronized because the API reads it while the drill writes.
 */
final class DrillRun extends RunLog {
    private final String id;
    private final String target;
    private final List<String> command;
    private final List<JsonObject> strategies = new ArrayList<>();
    private String status = "running";

    DrillRun(String id, String target, List<String> command, Instant openedAt) {
        super(openedAt);
        this.id = id;
        this.target = target;
        this.command = List.copyOf(command);
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

    synchronized void strategy(JsonObject result) {
        strategies.add(result);
    }

    synchronized boolean ended() {
        return !"running".equals(status);
    }

    synchronized boolean passed() {
        return "passed".equals(status);
    }

    /** Passed when nothing gave a reason to fail. */
    synchronized void end(Instant at) {
        status = reasons().isEmpty() ? "passed" : "failed";
        end(at, "result: " + status);
    }

    synchronized JsonObject toJson() {
        return into(new JsonObject().put("id", id).put("target", target).put("status", status)
                .put("command", new JsonArray(command)).put("application_name", applicationName(id))
                .put("strategies", new JsonArray(List.copyOf(strategies))));
    }
}
