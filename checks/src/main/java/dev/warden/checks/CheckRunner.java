package dev.warden.checks;

import dev.warden.postgres.Failures;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
/**
 * Runs a check within a time limit. Whatever goes wrong (a failed future, an exception thrown while
 * starting, no result, the limit passing) becomes an INCONCLUSIVE result that says why: a check that
 * could not run is never a breach. The returned future always succeeds.
 */
public final class CheckRunner {
    private CheckRunner() {
    }

    public static Future<CheckResult> run(Check check, CheckContext context, Duration timeout) {
        Promise<CheckResult> bounded = Promise.promise();
        long timer = context.vertx().setTimer(Math.max(1, timeout.toMillis()), id -> bounded.tryComplete(
                CheckResult.inconclusive(check.name(), context.now(), "timed out: the check did not finish within "
                        + timeout.toMillis() + " ms")));
        start(check, context).onComplete(outcome -> {
            context.vertx().cancelTimer(timer);
            if (outcome.failed()) {
                bounded.tryComplete(CheckResult.inconclusive(check.name(), context.now(),
                        Failures.describe(outcome.cause())));
            } else if (outcome.result() == null) {
                bounded.tryComplete(CheckResult.inconclusive(check.name(), context.now(), "the check returned no result"));
            } else {
                bounded.tryComplete(outcome.result());
            }
        });
        return bounded.future();
    }

    private static Future<CheckResult> start(Check check, CheckContext context) {
        try {
            Future<CheckResult> started = check.run(context);
            return started != null ? started : Future.succeededFuture();
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }
}
