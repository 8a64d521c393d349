package dev.warden.daemon.http;

import dev.warden.config.Secret;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Guards {@code /api}: with a token, every request must carry {@code Authorization: Bearer <token>};
 * without one, reads are open and writes are allowed only when the server listens on loopback.
 */
final class ApiAuth implements Handler<RoutingContext> {
    private final Secret token;
    private final boolean loopbackOnly;

    ApiAuth(Secret token, String listenHost) {
        this.token = token;
        this.loopbackOnly = isLoopback(listenHost);
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (!token.isEmpty()) {
            if (carriesToken(ctx.request().getHeader("Authorization"))) {
                ctx.next();
            } else {
                ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"warden\"");
                fail(ctx, 401, "a bearer token is required: send Authorization: Bearer <server.token>");
            }
            return;
        }
        boolean write = ctx.request().method() != HttpMethod.GET && ctx.request().method() != HttpMethod.HEAD;
        if (write && !loopbackOnly) {
            fail(ctx, 401, "writes need server.token to be set when the server listens beyond loopback");
            return;
        }
        ctx.next();
    }

    private boolean carriesToken(String header) {
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        byte[] given = header.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token.reveal().getBytes(StandardCharsets.UTF_8));
    }

    private static void fail(RoutingContext ctx, int status, String message) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", message).encode());
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
