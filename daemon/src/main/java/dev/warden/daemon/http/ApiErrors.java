package dev.warden.daemon.http;

import dev.warden.WardenException;
import dev.warden.postgres.Failures;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's failure handler: every failure becomes a JSON answer with an {@code "error"} string.
 * A WardenException's code says the status (bad usage 400, not found 404, busy 409, unavailable 503);
 * the state store or a target not answering is 503; anything else is a 500 logged once here, its
 * details kept out of the answer.
 */
final class ApiErrors implements Handler<RoutingContext> {
    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    @Override
    public void handle(RoutingContext ctx) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        Throwable failure = ctx.failure();
        int status;
        String message;
        if (failure == null) {
            status = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
            message = forStatus(status, ctx);
        } else if (failure instanceof WardenException w) {
            status = switch (w.code()) {
                case BAD_USAGE, BAD_CONFIG -> 400;
                case NOT_FOUND -> 404;
                case BUSY, CANNOT_CARRY_OUT -> 409;
                case UNAVAILABLE -> 503;
                default -> 500;
            };
            message = w.getMessage();
            if (status == 500) {
                log.error("{} {} failed: {}", ctx.request().method(), ctx.normalizedPath(), w.getMessage(), w);
            }
        } else if (unavailable(failure)) {
            status = 503;
            message = "the state store or the target did not answer: " + Failures.describe(failure);
        } else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
            status = ctx.statusCode();
            message = forStatus(status, ctx);
        } else {
            status = 500;
            message = "internal error: Warden's log has the details";
            log.error("{} {} failed unexpectedly", ctx.request().method(), ctx.normalizedPath(), failure);
        }
        if (status == 401) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"warden\"");
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", message).encode());
    }

    /** A server not answering: a connection refused, lost or timed out, or PostgreSQL saying it cannot serve. */
    static boolean unavailable(Throwable failure) {
        if (Failures.sqlState(failure) != null) {
            return Failures.isAccessProblem(failure);
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketException || t instanceof java.util.concurrent.TimeoutException
                    || t instanceof io.vertx.sqlclient.ClosedConnectionException
                    || t instanceof io.netty.channel.ConnectTimeoutException
                    || t.getClass().getName().endsWith("ConnectTimeoutException")) {
                return true;
            }
        }
        return false;
    }

    private static String forStatus(int status, RoutingContext ctx) {
        return switch (status) {
            case 400 -> "bad request";
            case 404 -> "no such resource: " + Ids.quote(ctx.normalizedPath()) + "; see README's HTTP list";
            case 405 -> ctx.request().method() + " is not allowed on " + Ids.quote(ctx.normalizedPath());
            case 413 -> "the body is too large: at most 64 KiB";
            case 415 -> "unsupported media type: send application/json";
            default -> "request failed with status " + status;
        };
    }
}
