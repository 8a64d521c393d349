package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.daemon.schedule.WardenScheduler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What a start builds on its second thread, and that a start given up leaves no Quartz threads behind. */
class StartAheadTest {

    @Test
    void buildsTheMetricsWithTheRuntimeSeriesAndASchedulerForTheCaller() {
        StartAhead ahead = StartAhead.begin();

        assertThat(new String(ahead.metrics().scrape(), StandardCharsets.UTF_8))
                .contains("warden_build_info").contains("jvm_threads_current");
        WardenScheduler scheduler = ahead.scheduler();
        try {
            scheduler.every("probe", Duration.ofHours(1), () -> { });
            scheduler.start();
            assertThat(scheduler.scheduled("probe")).isTrue();
        } finally {
            scheduler.shutdown();
        }
        ahead.discard(); // taken: the caller's to shut down, nothing else happens
    }

    @Test
    void aStartGivenUpShutsItsSchedulerDown() {
        Set<Thread> before = quartzThreads();
        StartAhead ahead = StartAhead.begin();
        AtomicReference<Thread> its = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            quartzThreads().stream().filter(thread -> !before.contains(thread)).findFirst().ifPresent(its::set);
            return its.get() != null;
        });

        ahead.discard();

        await().atMost(Duration.ofSeconds(30)).until(() -> !its.get().isAlive());
    }

    private static Set<Thread> quartzThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().endsWith("_QuartzSchedulerThread") && thread.isAlive())
                .collect(Collectors.toSet());
    }
}
