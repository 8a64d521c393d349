package dev.warden.daemon;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.function.Supplier;

/** Work done on a thread of its own, beside the caller's, told as a future. */
public final class OwnThread {
    private OwnThread() {
    }

    /** Starts {@code work} on a daemon thread named {@code name} (it never keeps the process alive). */
    public static <T> Future<T> supply(String name, Supplier<T> work) {
        Promise<T> done = Promise.promise();
        Thread thread = new Thread(() -> {
            try {
                done.complete(work.get());
            } catch (RuntimeException | Error e) {
                done.fail(e);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return done.future();
    }
}
