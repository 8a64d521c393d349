package dev.warden.daemon;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT, turned into a latch the main thread waits on, so that a stop is an orderly
 * return from {@code main} with exit code 0 rather than the JVM's 143 from a shutdown hook.
 */
public final class ShutdownSignal {
    private final CountDownLatch received = new CountDownLatch(1);

    private ShutdownSignal() {
    }

    public static ShutdownSignal install() {
        ShutdownSignal signal = new ShutdownSignal();
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), s -> signal.received.countDown());
        }
        return signal;
    }

    /** Wakes {@link #await} without a signal: Warden found a reason of its own to stop. */
    public void trigger() {
        received.countDown();
    }

    public void await() throws InterruptedException {
        received.await();
    }
}
