package dev.warden.daemon.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Jobs deleted by name, as a cluster node deletes those of a target it loses (issue 16), and scheduled again;
 * what is asked for after shutdown is dropped.
 */
class WardenSchedulerTest {

    @Test
    void shouldForgetACancelledJobAndKeepTheOthers() {
        WardenScheduler scheduler = new WardenScheduler();
        AtomicInteger heartbeats = new AtomicInteger();
        try {
            scheduler.every("heartbeat-orders", Duration.ofMillis(50), heartbeats::incrementAndGet);
            scheduler.cron("snapshot-orders", "0 0 * * * ?", () -> { });
            scheduler.every("heartbeat-billing", Duration.ofMinutes(1), () -> { });
            scheduler.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> heartbeats.get() >= 2);

            scheduler.cancel("heartbeat-orders");
            scheduler.cancel("snapshot-orders");
            scheduler.cancel("never-scheduled");

            assertThat(scheduler.scheduled("heartbeat-orders")).isFalse();
            assertThat(scheduler.scheduled("snapshot-orders")).isFalse();
            assertThat(scheduler.scheduled("heartbeat-billing")).isTrue();
            // Scheduled again under the same name, as when the target is gained back.
            scheduler.every("heartbeat-orders", Duration.ofMillis(50), heartbeats::incrementAndGet);
            int before = heartbeats.get();
            await().atMost(Duration.ofSeconds(10)).until(() -> heartbeats.get() > before);
        } finally {
            scheduler.shutdown();
        }
    }

    /** A target's checks asked for while Warden stops (its baseline loaded late) are dropped, not thrown. */
    @Test
    void shouldDropWhatIsScheduledOnceShutDown() {
        WardenScheduler scheduler = new WardenScheduler();
        scheduler.start();
        scheduler.shutdown();

        assertThatCode(() -> scheduler.every("check-orders-schema_drift", Duration.ofSeconds(30), () -> { }))
                .doesNotThrowAnyException();
        assertThatCode(() -> scheduler.cron("snapshot-orders", "0 0 * * * ?", () -> { })).doesNotThrowAnyException();
    }
}
