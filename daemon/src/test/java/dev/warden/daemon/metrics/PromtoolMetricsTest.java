package dev.warden.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.daemon.Promtool;


import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Warden's exposition must pass Prometheus's own linter (counters end in _total, base units, help text). */
class PromtoolMetricsTest {

    @Test
    void shouldPassPromtoolCheckMetrics() throws Exception {
        WardenMetrics metrics = new WardenMetrics("test");
        metrics.targetUp("orders", true);
        metrics.targetVersion("orders", "17.11");
        metrics.targetVersion("orders", "17.12");
        metrics.checkSkipped("orders", "heartbeat");
        metrics.stateStoreUp(true);
        String exposition = new String(metrics.scrape(), StandardCharsets.UTF_8);
        assertThat(exposition).contains("warden_target_info{server_version=\"17.12\",target=\"orders\"} 1")
                .doesNotContain("17.11");

        assertThat(Promtool.checkMetrics(exposition)).as("promtool findings").isEmpty();
    }

    @Test
    void shouldExposeTheProcessAndJvmThroughTheClientsOwnInstrumentation() throws Exception {
        String exposition = new String(new WardenMetrics("test").withRuntimeMetrics().scrape(), StandardCharsets.UTF_8);

        assertThat(exposition).containsPattern("(?m)^process_resident_memory_bytes \\d")
                .containsPattern("(?m)^process_cpu_seconds_total \\d")
                .containsPattern("(?m)^jvm_memory_used_bytes\\{area=\"heap\"} \\d")
                .containsPattern("(?m)^jvm_threads_current \\d")
                .contains("warden_build_info{version=\"test\"} 1");
        assertThat(Promtool.checkMetrics(exposition)).as("promtool findings").isEmpty();
    }

}
