package dev.warden.daemon.http;

import dev.warden.daemon.state.StateStore;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;

/**
 * Answers 503 with a JSON error, at once, on the routes that read or write the state store while
 * start-up is still opening it: without this gate they would wait for it as long as it takes. After it
 * opened, an outage shows as the queries' own failures, which {@link ApiErrors} turns into 503 too.
 */
final class StateStoreGate implements Handler<RoutingContext> {
    /** Decisions, rollbacks, snapshots: everything under /api but the targets' list and their latest checks. */
    private static final String NEEDS_THE_STORE =
            "/api/(decisions|rollbacks|migrations|targets/[^/]+/(snapshots|rollbacks|lift|migrations))(/.*)?";

    private final StateStore state;
    private final Clock clock;

    StateStoreGate(StateStore state, Clock clock) {
        this.state = state;
        this.clock = clock;
    }

    /** Mounts the gate; call after authentication, before the routes it guards. */
    void mount(Router router) {
        router.routeWithRegex(NEEDS_THE_STORE).handler(this);
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (state.isOpen()) {
            ctx.next();
            return;
        }
        String waiting = state.waiting().map(w -> w.describe(clock.instant()))
                .orElse("state store at " + state.address() + ": first attempt under way");
        ctx.response().setStatusCode(503).putHeader("Content-Type", "application/json")
                .putHeader("Retry-After", "5")
                .end(new JsonObject().put("error", "the state store is not open yet; waiting for " + waiting).encode());
    }
}
