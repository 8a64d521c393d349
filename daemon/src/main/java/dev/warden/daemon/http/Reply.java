package dev.warden.daemon.http;

import dev.warden.WardenException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** A JSON answer of the API, and the one place failures become HTTP statuses. */
record Reply(int status, JsonObject body) {

    static Reply ok(JsonObject body) {
        return new Reply(200, body);
    }

    static Reply error(int status, String message) {
        return new Reply(status, new JsonObject().put("error", message));
    }

    /** Sends {@code reply}, or its failure with the status the error's code means. */
    static void send(RoutingContext ctx, Future<Reply> reply) {
        reply.recover(e -> Future.succeededFuture(e instanceof WardenException w ? error(switch (w.code()) {
                    case BAD_USAGE -> 400;
                    case NOT_FOUND -> 404;
                    case BUSY -> 409;
                    default -> 500;
                }, w.getMessage()) : error(500, String.valueOf(e.getMessage()))))
                .onSuccess(r -> ctx.response().setStatusCode(r.status()).putHeader("Content-Type", "application/json")
                        .end(r.body().encode()));
    }
}
