package dev.warden.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The negative control of the event-loop tests: a handler that does block must be caught. */
class BlockedThreadWarningsTest {

    @Test
    void shouldCatchTheWarningOfAHandlerThatHoldsTheEventLoop() {
        Vertx vertx = Vertx.vertx(BlockedThreadWarnings.strictOptions());
        try (BlockedThreadWarnings warnings = BlockedThreadWarnings.capture();
             EventLoopLag lag = EventLoopLag.measure(vertx)) {
            vertx.runOnContext(v -> holdTheThread(Duration.ofMillis(4 * BlockedThreadWarnings.MAX_EVENT_LOOP_MILLIS)));

            await().atMost(Duration.ofSeconds(10)).until(() -> !warnings.warnings().isEmpty());
            assertThat(warnings.warnings().get(0)).contains("vert.x-eventloop-thread-0").contains("has been blocked");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> lag.longestMillis() >= 3 * BlockedThreadWarnings.MAX_EVENT_LOOP_MILLIS);
        } finally {
            vertx.close().await();
        }
    }

    /** Busy, not asleep: what a long synchronous loop over rows does to an event loop. */
    private static void holdTheThread(Duration duration) {
        long until = System.nanoTime() + duration.toNanos();
        long spins = 0;
        while (System.nanoTime() < until) {
            spins++;
        }
        assertThat(spins).isPositive();
    }
}
