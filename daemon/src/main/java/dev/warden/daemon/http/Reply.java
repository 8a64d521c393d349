package dev.warden.daemon.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** A JSON answer of the API; a failure goes to the router's failure handler ({@link ApiErrors}). */
record Reply(int status, JsonObject body) {

    static Reply ok(JsonObject body) {
        return new Reply(200, body);
    }

    static Reply error(int status, String message) {
        return new Reply(status, new JsonObject().put("error", message));
    }

    /** Sends {@code reply}, or hands its failure to the failure handler. */
    static void send(RoutingContext ctx, Future<Reply> reply) {
        reply.onComplete(done -> {
            if (done.failed()) {
                ctx.fail(done.cause());
            } else if (!ctx.response().ended()) {
                ctx.response().setStatusCode(done.result().status()).putHeader("Content-Type", "application/json")
                        .end(done.result().body().encode());
            }
        });
    }

    /** {@link #send} of what {@code reply} builds, a thrown failure included. */
    static void send(RoutingContext ctx, java.util.function.Supplier<Future<Reply>> reply) {
        Future<Reply> built;
        try {
            built = reply.get();
        } catch (RuntimeException e) {
            built = Future.failedFuture(e);
        }
        send(ctx, built);
    }
}
