package dev.warden.daemon.http;

import dev.warden.postgres.Failures;
import dev.warden.daemon.cluster.ClusterView;
import dev.warden.daemon.watch.WatchedTarget;
import dev.warden.daemon.state.StateStore;
import dev.warden.daemon.watch.StateStoreWatch;
import dev.warden.daemon.watch.TargetStatus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Readiness: Warden can do its job when its state store is open and answers and every target answers.
 * The body says which part is missing, so an operator does not have to read logs to know why: while
 * start-up waits for a dependency ({@code "status": "waiting"}), {@code waiting_for} names each one with
 * its last error, the attempt and when the next one starts. It also gives each target's restore point:
 * which snapshot, and why (the newest clean verified backup, passing over newer snapshots taken during
 * an incident).
 */
public final class Health {
    private final StateStore state;
    private final List<WatchedTarget> targets;
    private final StateStoreWatch stateWatch;
    private final Clock clock;
    /** Null for a lone Warden. */
    private volatile ClusterView cluster;

    public Health(StateStore state, List<WatchedTarget> targets, StateStoreWatch stateWatch, Clock clock) {
        this.state = state;
        this.targets = targets;
        this.stateWatch = stateWatch;
        this.clock = clock;
    }

    /** On a cluster node, readiness waits only for the targets this node owns, and names the members. */
    public Health withCluster(ClusterView view) {
        this.cluster = view;
        return this;
    }

    public record Readiness(boolean ready, JsonObject body) {
    }

    public Future<Readiness> readiness() {
        Instant now = clock.instant();
        JsonArray waitingFor = new JsonArray();
        Future<JsonObject> stateBody;
        if (state.isOpen()) {
            stateBody = state.ping()
                    .map(v -> new JsonObject().put("reachable", true))
                    .otherwise(e -> new JsonObject().put("reachable", false).put("error", Failures.describe(e, "the state store")))
                    .onSuccess(body -> stateWatch.observed(body.getBoolean("reachable"), body.getString("error") == null
                            ? null : "state store at " + state.address() + ": " + body.getString("error")));
        } else {
            // Not pinged: the retries already say what the last attempt met, and a ping would wait for them.
            String waiting = state.waiting().map(w -> w.describe(now))
                    .orElse("state store at " + state.address() + ": first attempt under way");
            waitingFor.add(waiting);
            stateBody = Future.succeededFuture(new JsonObject().put("reachable", false).put("open", false)
                    .put("error", waiting));
        }
        return stateBody.map(stateJson -> {
            boolean ready = stateJson.getBoolean("reachable");
            JsonArray targetBodies = new JsonArray();
            ClusterView view = cluster;
            for (WatchedTarget target : targets) {
                JsonObject body = describe(target.monitor().status())
                        .put("restore_point", target.snapshots().restorePoint());
                if (view != null) {
                    body.put("owner", view.owner(target.name()).orElse(null));
                    if (!view.owns(target.name())) {
                        targetBodies.add(body);
                        continue;
                    }
                }
                ready &= target.monitor().status().up();
                target.monitor().waiting().ifPresent(w -> waitingFor.add(w.describe(now)));
                targetBodies.add(body);
            }
            String status = ready ? "ready" : waitingFor.isEmpty() ? "not_ready" : "waiting";
            JsonObject body = new JsonObject()
                    .put("status", status)
                    .put("waiting_for", waitingFor)
                    .put("state_store", stateJson)
                    .put("targets", targetBodies);
            if (view != null) {
                body.put("cluster", cluster(view, targets));
            }
            return new Readiness(ready, body);
        });
    }
    /** This node, the live members and how many of the targets this node owns. */
    static JsonObject cluster(ClusterView view, List<WatchedTarget> targets) {
        return new JsonObject()
                .put("node", view.node())
                .put("members", new JsonArray(view.members()))
                .put("owned", targets.stream().filter(target -> view.owns(target.name())).count());
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
