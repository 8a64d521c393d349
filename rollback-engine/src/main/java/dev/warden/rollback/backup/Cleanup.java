package dev.warden.rollback.backup;

import io.vertx.core.Future;
import java.util.function.Supplier;

/** A finally block for futures that, unlike {@code eventually}, never lets a failed cleanup go unnoticed. */
final class Cleanup {
    private Cleanup() {
    }

    /**
     * Runs {@code cleanup} after {@code work}, whatever its outcome. The result is the work's, except
     * that a failed cleanup fails it too (attached as suppressed when the work had failed already).
     */
    static <T> Future<T> always(Future<T> work, Supplier<Future<Void>> cleanup, String what) {
        return work.transform(done -> cleanup.get().transform(cleaned -> {
            if (cleaned.succeeded()) {
                return done.succeeded() ? Future.succeededFuture(done.result()) : Future.failedFuture(done.cause());
            }
            BackupException failure = new BackupException("could not " + what + ": " + cleaned.cause().getMessage(),
                    cleaned.cause());
            if (done.failed()) {
                done.cause().addSuppressed(failure);
                return Future.failedFuture(done.cause());
            }
            return Future.failedFuture(failure);
        }));
    }
}
