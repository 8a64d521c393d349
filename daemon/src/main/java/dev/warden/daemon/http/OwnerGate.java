package dev.warden.daemon.http;

import dev.warden.daemon.cluster.ClusterView;
import dev.warden.daemon.rollback.Rollbacks;
import dev.warden.rollback.engine.JournaledRollback;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * On a cluster node, refuses the writes about a target another node owns (take a snapshot, plan or run a
 * rollback, lift, start a migration, approve a rollback) with 421 Misdirected Request naming the owner:
 * the owner watches the target, holds its pool and its migrations, and is the one to act on it. Reads
 * are answered by any node (the state database is shared); a lone Warden owns every target.
 */
final class OwnerGate {
    /** 421: the request went to a server that cannot answer it (RFC 9110, 15.5.20); not in Vert.x's enum. */
    static final int MISDIRECTED = 421;
    private static final String TARGET_WRITES = "/api/targets/([^/]+)/(snapshots|rollbacks|lift|migrations)/?";

    private final Supplier<ClusterView> cluster;
    private final Rollbacks rollbacks;

    OwnerGate(Supplier<ClusterView> cluster, Rollbacks rollbacks) {
        this.cluster = cluster;
        this.rollbacks = rollbacks;
    }

    /** Mounts the gate; call after authentication and the state store's gate, before the routes it guards. */
    void mount(Router router) {
        router.postWithRegex(TARGET_WRITES).handler(ctx -> refuseUnlessOwned(ctx, ctx.pathParam("param0")));
        router.post("/api/rollbacks/:id/approve").handler(this::approval);
    }

    private void approval(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (cluster.get() == null || !Ids.isRollbackId(id)) {
            ctx.next();
            return;
        }
        // The rollback's target decides; an unknown rollback or a failed read is the route's to answer.
        rollbacks.find(id).onComplete(found -> refuseUnlessOwned(ctx, found.succeeded()
                ? found.result().map(JournaledRollback::target).orElse(null) : null));
    }

    private void refuseUnlessOwned(RoutingContext ctx, String target) {
        ClusterView view = cluster.get();
        Optional<String> owner = view == null || target == null ? Optional.empty() : view.owner(target);
        if (owner.isEmpty() || owner.get().equals(view.node())) {
            ctx.next();
            return;
        }
        ctx.response().setStatusCode(MISDIRECTED).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", "target " + target + " is owned by cluster node " + owner.get()
                        + ", not by this one (" + view.node() + "): send the request to " + owner.get())
                        .put("owner", owner.get()).encode());
    }
}
