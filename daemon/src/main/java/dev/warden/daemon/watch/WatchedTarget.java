package dev.warden.daemon.watch;

import dev.warden.config.SessionConfig;
import dev.warden.config.TargetConfig;
import dev.warden.daemon.check.TargetChecks;
import dev.warden.daemon.snapshot.SnapshotService;
import dev.warden.postgres.ServerConnections;
import io.vertx.core.json.JsonObject;

/** Everything Warden runs for one target, sharing the target's one pool, and the server it is on. */
public record WatchedTarget(TargetConfig config, TargetVerticle monitor, SnapshotService snapshots, TargetChecks checks,
                            ServerConnections server) {

    public String name() {
        return config.name();
    }

    /**
     * The target's server as the API shows it: its address, the connections Warden's targets hold there
     * now, the bound on them (null: none) and how many targets wait for their turn.
     */
    public JsonObject serverJson() {
        return new JsonObject().put("address", server.server()).put("connections", server.open())
                .put("connections_limit", server.limit() == SessionConfig.UNBOUNDED ? null : server.limit())
                .put("waiting_for_connections", server.waiting());
    }
}
