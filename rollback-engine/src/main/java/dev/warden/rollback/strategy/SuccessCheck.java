package dev.warden.rollback.strategy;

import dev.warden.rollback.external.CommandRunner;
import dev.warden.rollback.engine.DecisionContext;
import dev.warden.rollback.external.HttpCaller;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
/**
 * Whether a code revert is live, by a {@link SuccessCheckSettings}: once (for {@code done()}), or
 * tried again on a Vert.x timer until it passes or its timeout has passed. An endpoint that does
 * not answer, or a command that exits non-zero, is "not yet", never an error: the deploy system may
 * be restarting the very service being checked.
 */
final class SuccessCheck {
    private final Vertx vertx;
    private final HttpCaller http;
    private final CommandRunner commands;
    private final SuccessCheckSettings settings;

    SuccessCheck(Vertx vertx, HttpCaller http, CommandRunner commands, SuccessCheckSettings settings) {
        this.vertx = vertx;
        this.http = http;
        this.commands = commands;
        this.settings = settings;
    }

    /** One try: passed or not, with what was seen. */
    Future<Result> once(Map<String, String> values) {
        if (settings.command() != null) {
            return commands.run(settings.command(), DecisionContext.environment(values), List.of())
                    .map(out -> new Result(true, settings.command().program() + " exited 0"))
                    .otherwise(e -> new Result(false, e.getMessage()));
        }
        return http.exchange(settings.request(), values, Map.of())
                .map(response -> {
                    String body = response.bodyAsString() == null ? "" : response.bodyAsString();
                    boolean status = response.statusCode() == settings.expectStatus();
                    boolean contains = settings.expectBody() == null || body.contains(settings.expectBody());
                    return new Result(status && contains, HttpCaller.describe(settings.request(), values) + " answered "
                            + response.statusCode() + (contains ? "" : " without the expected text"));
                })
                .otherwise(e -> new Result(false, e.getMessage()));
    }

    /** Tries until it passes; fails with the last thing seen once the timeout has passed. */
    Future<Result> await(Map<String, String> values) {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        return attempt(values, deadline, 1);
    }

    private Future<Result> attempt(Map<String, String> values, long deadline, int tries) {
        return once(values).compose(result -> {
            if (result.passed()) {
                return Future.succeededFuture(new Result(true, result.seen() + " (try " + tries + ")"));
            }
            if (System.nanoTime() + settings.interval().toNanos() > deadline) {
                return Future.failedFuture(new IllegalStateException("the success check did not pass within "
                        + settings.timeout() + " (" + tries + " tries); last: " + result.seen()));
            }
            return vertx.timer(settings.interval().toMillis(), TimeUnit.MILLISECONDS)
                    .compose(t -> attempt(values, deadline, tries + 1));
        });
    }

    record Result(boolean passed, String seen) {
    }
}
