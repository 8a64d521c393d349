package dev.warden.daemon.http;

import dev.warden.postgres.Failures;
import dev.warden.daemon.watch.WatchedTarget;
import dev.warden.daemon.metrics.WardenMetrics;
import dev.warden.daemon.state.StateStore;
import dev.warden.daemon.watch.TargetStatus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Readiness: Warden can do its job when its state store answers and every target answers. The body
 * says which part is missing, so an operator does not have to read logs to know why, and each target's
 * restore point: which snapshot, and why (the newest clean verified backup, passing over newer snapshots
 * taken during an incident).
 */
public final class Health {
    private final StateStore state;
    private final List<WatchedTarget> targets;
    private final WardenMetrics metrics;

    public Health(StateStore state, List<WatchedTarget> targets, WardenMetrics metrics) {
        this.state = state;
        this.targets = targets;
        this.metrics = metrics;
    }

    public record Readiness(boolean ready, JsonObject body) {
    }

    public Future<Readiness> readiness() {
        return state.ping()
                .map(v -> new JsonObject().put("reachable", true))
                .otherwise(e -> new JsonObject().put("reachable", false).put("error", Failures.describe(e)))
                .map(stateBody -> {
                    boolean stateUp = stateBody.getBoolean("reachable");
                    metrics.stateStoreUp(stateUp);
                    boolean ready = stateUp;
                    JsonArray targetBodies = new JsonArray();
                    for (WatchedTarget target : targets) {
                        ready &= target.monitor().status().up();
                        targetBodies.add(describe(target.monitor().status())
                                .put("restore_point", target.snapshots().restorePoint()));
                    }
                    JsonObject body = new JsonObject()
                            .put("status", ready ? "ready" : "not_ready")
                            .put("state_store", stateBody)
                            .put("targets", targetBodies);
                    return new Readiness(ready, body);
                });
    }

    static JsonObject describe(TargetStatus target) {
        return new JsonObject()
                .put("name", target.name())
                .put("up", target.up())
                .put("connected_once", target.connectedOnce())
                .put("server_version", target.serverVersion())
                .put("error", target.lastError())
                .put("since", target.since().toString())
                .put("read_only", target.readOnly());
    }
}
